using ZoneMap.Data.Geodata;

namespace ZoneMap.Cli;

/// <summary>
/// Data for `serve`: geodata/ is (re)loaded whenever its files differ from the last load (a content hash kept in
/// geodata_loads, so an unchanged checkout costs one query); the plans in seeds/ are ingested after it, since their
/// mentions point at the places and sectors it provides.
/// </summary>
public static class DataBootstrap
{
    public static async Task EnsureLoadedAsync(ProjectPaths paths, string connectionString, CancellationToken ct)
    {
        var geodata = await GeodataLoader.LoadIfChangedAsync(connectionString, paths.Geodata, ct);
        Console.WriteLine($"zonemap: {geodata}");
        foreach (var warning in geodata.Warnings) Console.WriteLine($"zonemap: geodata warning: {warning}");
        // geodata/ must be loaded before this point (the seeds are matched against the gazetteer in the database).
        // A changed gazetteer re-reads the seeds: each document is replaced in its own transaction.
        foreach (var r in await Data.Ingest.PlanIngestor.IngestSeedsIfEmptyAsync(connectionString, paths.Seeds, ct, refresh: !geodata.Skipped))
            Console.WriteLine(r.Ok ? $"ingested {r.DocumentId}: {r.Mentions} mentions, {r.Facts} facts" : $"zonemap: seed {r.File} refused: {r.Error}");
    }
}
