namespace ZoneMap.Cli;

/// <summary>First-run data: geodata and seeds go in when the database is empty; later runs find them there.</summary>
public static class DataBootstrap
{
    public static async Task EnsureLoadedAsync(ProjectPaths paths, string connectionString, CancellationToken ct)
    {
        // geodata/ must be loaded before this point (the seeds are matched against the gazetteer in the database).
        foreach (var r in await Data.Ingest.PlanIngestor.IngestSeedsIfEmptyAsync(connectionString, paths.Seeds, ct))
            Console.WriteLine(r.Ok ? $"ingested {r.DocumentId}: {r.Mentions} mentions, {r.Facts} facts" : $"zonemap: seed {r.File} refused: {r.Error}");
    }
}
