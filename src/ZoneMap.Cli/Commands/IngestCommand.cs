using System.Globalization;
using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using ZoneMap.Core.Reading;
using ZoneMap.Data.Ingest;

namespace ZoneMap.Cli.Commands;

/// <summary>`zonemap ingest PATH... [--report json]`: plan files (or folders of .txt files) into the database, with a report.</summary>
public static class IngestCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "plan text files (UTF-8, GB18030/GBK or Big5), or folders of .txt files", Arity = ArgumentArity.OneOrMore };
        var report = new Option<string>("--report") { Description = "report format: text (default) or json" };
        report.AcceptOnlyFromAmong("text", "json");
        var command = new Command("ingest", "Read plans, extract places, sectors, roles and periods with their sentences, and store them (re-ingesting replaces a document's facts).") { paths, report };
        command.SetAction(async (parse, ct) =>
        {
            var project = ProjectPaths.Discover();
            var files = Expand(parse.GetValue(paths) ?? []);
            if (files.Count == 0) { Console.Error.WriteLine("zonemap: no plan files found in the given paths"); return 2; }
            var db = await DatabaseProvisioner.ProvideAsync(project, ct);
            // Plans are matched against the gazetteer in the database: bring it up to date with geodata/ first.
            await Data.Geodata.GeodataLoader.LoadIfChangedAsync(db.Owner, project.Geodata, ct);
            PlanIngestor ingestor;
            try { ingestor = await PlanIngestor.CreateAsync(db.Owner, PlanCatalog.Load(Path.Combine(project.Seeds, "catalog.json")), ct); }
            catch (InvalidOperationException e) { Console.Error.WriteLine($"zonemap: {e.Message}"); return 3; }

            var reports = new List<DocumentIngestReport>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var file in files) reports.Add(await ingestor.IngestFileAsync(file, ct));
            if (parse.GetValue(report) == "json") Console.WriteLine(JsonSerializer.Serialize(reports, Json));
            else WriteText(reports, clock.Elapsed);
            return reports.All(r => r.Ok) ? 0 : 1;
        });
        return command;
    }

    private static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "*.txt").Order(StringComparer.Ordinal));
            else files.Add(p);
        }
        return files;
    }

    private static void WriteText(List<DocumentIngestReport> reports, TimeSpan elapsed)
    {
        foreach (var r in reports)
        {
            if (!r.Ok) { Console.WriteLine($"REFUSED {r.File}: {r.Error}"); continue; }
            Console.WriteLine($"{r.DocumentId}  {r.File}: {r.Mentions} mentions, {r.Facts} facts, {r.Places} places, {r.Sectors} sectors ({r.Seconds:0.00} s)");
            if (r.UnknownNames.Count > 0)
                Console.WriteLine("    names the gazetteer does not know: " + string.Join("、", r.UnknownNames.Select(u => $"{u.Name} (line {u.Line})")));
        }
        var ok = reports.Count(r => r.Ok);
        Console.WriteLine($"ingested {ok} of {reports.Count} files in {elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
    }
}
