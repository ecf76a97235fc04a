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
    }
}
