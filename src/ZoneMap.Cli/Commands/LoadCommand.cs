using System.CommandLine;
using System.Threading.Channels;
using Npgsql;
using Spectre.Console;
using ZoneMap.Core.Bulk;
using ZoneMap.Data.Bulk;

namespace ZoneMap.Cli.Commands;

/// <summary>
/// `zonemap load FILE [--replace]`: bulk features from a GeoJSON FeatureCollection (streamed) or a GeoPackage into
/// bulk_features (the `features` collection), by binary COPY in one transaction, with a progress bar on a terminal.
/// </summary>
public static class LoadCommand
{
    private const int BatchSize = 1000;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "a GeoJSON FeatureCollection (.geojson/.json) or a GeoPackage (.gpkg)" };
        var replace = new Option<bool>("--replace") { Description = "replace every bulk feature (default: add to them)" };
        var layer = new Option<string?>("--layer") { Description = "GeoPackage feature table (default: the first)" };
        var command = new Command("load", "Bulk-load zones, parcels or enterprise points (properties: name, kind, region, sector/sectors, period) into the features collection.")
            { file, replace, layer };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path)) { Console.Error.WriteLine($"zonemap load: {path} does not exist"); return 2; }
            var project = ProjectPaths.Discover();
            var db = await DatabaseProvisioner.ProvideAsync(project, ct);
            // The taxonomy features are checked against comes with geodata/.
            await Data.Geodata.GeodataLoader.LoadIfChangedAsync(db.Owner, project.Geodata, ct);
            try
            {
                var summary = await LoadAsync(db.Owner, path, parse.GetValue(layer), parse.GetValue(replace), ct);
                Console.WriteLine($"loaded {summary.Loaded:N0} features in {summary.Elapsed.TotalSeconds:N1} s " +
                                  $"({summary.Loaded / Math.Max(summary.Elapsed.TotalSeconds, 1e-9):N0} features/s); the features collection now holds {summary.TotalAfter:N0}");
                return 0;
            }
            catch (BulkLoadException e)
            {
                Console.Error.WriteLine($"zonemap load: {e.Message}");
                Console.Error.WriteLine("zonemap load: nothing was loaded (the table is as it was).");
                return 2;
            }
            catch (PostgresException e)
            {
                // PostgreSQL refused a row the checks let through (e.g. a NUL character in a text or JSON value).
                Console.Error.WriteLine($"zonemap load: PostgreSQL refused the data: {e.MessageText}{(e.Where is null ? "" : $" ({e.Where})")}");
                Console.Error.WriteLine("zonemap load: nothing was loaded (the table is as it was).");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The whole load: the file's features, validated, through one COPY transaction. Used by the command and the tests.</summary>
    public static async Task<BulkLoadSummary> LoadAsync(string ownerConnectionString, string path, string? layer, bool replace, CancellationToken ct, bool? showProgress = null)
    {
        var isGeoPackage = Path.GetExtension(path).Equals(".gpkg", StringComparison.OrdinalIgnoreCase);
        await using var geoJson = isGeoPackage ? null : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        IAsyncEnumerable<SourceFeature> features;
        Func<long, double> fraction;
        if (geoJson is not null)
        {
            features = GeoJsonFeatureStream.ReadAsync(geoJson, ct);
            var length = Math.Max(1, geoJson.Length);
            fraction = _ => (double)geoJson.Position / length;
        }
        else
        {
            var (table, column, srid, count) = await GeoPackageFeatureReader.DescribeAsync(path, layer, ct);
            features = GeoPackageFeatureReader.ReadAsync(path, table, column, srid, ct);
            fraction = loaded => (double)loaded / Math.Max(1, count);
        }

        await using var loader = await BulkFeatureLoader.BeginAsync(ownerConnectionString, replace, ct);
        var builder = new BulkRecordBuilder(loader.KnownSectors);
        async Task Copy(Action<double> report)
        {
            // Parsing and checking run on one thread while this one feeds the COPY: on two cores the load is then
            // bound by the slower of the two (measured: 1 M features 12.6 s in one thread).
            var batches = Channel.CreateBounded<List<BulkRecord>>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var producer = Task.Run(async () =>
            {
                try
                {
                    var batch = new List<BulkRecord>(BatchSize);
                    await foreach (var feature in features.WithCancellation(stop.Token))
                    {
                        batch.Add(builder.Build(feature));
                        if (batch.Count < BatchSize) continue;
                        await batches.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<BulkRecord>(BatchSize);
                    }
                    if (batch.Count > 0) await batches.Writer.WriteAsync(batch, stop.Token);
                }
                finally { batches.Writer.Complete(); } // a bad feature surfaces from `await producer` below, as thrown
            }, stop.Token);
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(ct))
                {
                    foreach (var record in batch) loader.Write(record);
                    report(fraction(loader.Loaded));
                }
            }
            catch
            {
                // The COPY failed: stop the reader (it may wait on a full channel) and let it finish before the file closes.
                stop.Cancel();
                try { await producer; } catch { /* the COPY's error is the one to report */ }
                throw;
            }
            await producer;
            report(1);
        }

        if (showProgress ?? (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"loading {Path.GetFileName(path)}", maxValue: 1);
                    await Copy(f => { task.Value = f; task.Description = $"loading {Path.GetFileName(path)}: {loader.Loaded:N0}"; });
                });
        }
        else
        {
            // Not a terminal (a log, CI): a plain line every 10 %.
            var next = 0.1;
            await Copy(f =>
            {
                if (f < next) return;
                Console.WriteLine($"load: {loader.Loaded:N0} features ({f:P0})");
                next = Math.Floor(f * 10 + 1) / 10;
            });
        }
        Console.WriteLine($"load: committing {loader.Loaded:N0} features and analysing the table ...");
        return await loader.CommitAsync(ct);
    }
}
