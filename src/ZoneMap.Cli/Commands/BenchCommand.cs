using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ZoneMap.Core.Bulk;

namespace ZoneMap.Cli.Commands;

/// <summary>`zonemap bench generate`: a deterministic synthetic national data set (GeoJSON) for load, tile and export benchmarks.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var features = new Option<long>("--features") { Description = "number of features", Required = true };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same bytes)", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--output", "-o") { Description = "GeoJSON file to write", Required = true };
        var generate = new Command("generate", "Write a synthetic national data set: points and small polygons around 100 real city centres, sectors from the taxonomy, plan periods, province as region.")
            { features, seed, output };
        generate.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(features);
            if (count < 0) { Console.Error.WriteLine("zonemap bench: --features must be 0 or more"); return 2; }
            var project = ProjectPaths.Discover();
            var file = parse.GetValue(output)!;
            var clock = Stopwatch.StartNew();
            await using (var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
                await Dataset(project).WriteGeoJsonAsync(stream, count, parse.GetValue(seed), ct);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"wrote {count:N0} features to {file.FullName} ({new FileInfo(file.FullName).Length / 1048576.0:N1} MB) in {seconds:N1} s ({count / Math.Max(seconds, 1e-9):N0} features/s)");
            return 0;
        });
        var requests = new Option<int>("--requests") { Description = "distinct items pages and tiles", DefaultValueFactory = _ => 100 };
        var directory = new Option<DirectoryInfo>("--output", "-o") { Description = "directory for the URL lists and SQL scripts", Required = true };
        var workload = new Command("workload", "Write the benchmark's requests: items and tile URLs with the exact SQL ZoneMap runs for each (parameters inlined, for pgbench), and the export SQL (for psql).")
            { requests, seed, directory };
        workload.SetAction(async (parse, ct) =>
        {
            var project = ProjectPaths.Discover();
            var db = await DatabaseProvisioner.ProvideAsync(project, ct);
            await using var dataSource = Data.ZoneMapDb.DataSource(db.Reader);
            var dataset = Dataset(project);
            var target = parse.GetValue(directory)!.FullName;
            await new BenchWorkload(new Data.FeatureQueries(dataSource), dataset.Cities, dataset.SectorIds)
                .WriteAsync(target, Math.Clamp(parse.GetValue(requests), 1, 120), parse.GetValue(seed), ct);
            Console.WriteLine($"wrote the workload to {target}");
            return 0;
        });
        return new Command("bench", "Benchmark data and tools (the benchmark itself: ./zonemap bench run).") { generate, workload };
    }

    /// <summary>The generator over bench/cities.csv and the sector ids of geodata/sectors.json.</summary>
    public static SyntheticDataset Dataset(ProjectPaths project)
    {
        using var sectors = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(project.Geodata, "sectors.json")));
        var ids = sectors.RootElement.GetProperty("sectors").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        return new SyntheticDataset(CityCentre.ReadCsv(Path.Combine(project.Root, "bench", "cities.csv")), ids);
    }
}
