using ZoneMap.Cli;
using ZoneMap.Cli.Commands;

namespace ZoneMap.Tests.Shared;

/// <summary>A generated national data set (`zonemap bench generate`) loaded through `zonemap load`'s own code path.</summary>
public static class GeneratedBulkData
{
    public static async Task WriteAsync(string path, long features, int seed)
    {
        await using var stream = File.Create(path);
        await BenchCommand.Dataset(new ProjectPaths(Repository.Root)).WriteGeoJsonAsync(stream, features, seed);
    }

    /// <summary>Generates <paramref name="features"/> into a file under <paramref name="directory"/> and loads them, replacing what is there.</summary>
    public static async Task LoadAsync(TestDatabase db, DirectoryInfo directory, long features, int seed)
    {
        var file = Path.Combine(directory.FullName, $"national-{features}-{seed}.geojson");
        await WriteAsync(file, features, seed);
        await LoadCommand.LoadAsync(db.ConnectionString, file, null, replace: true, CancellationToken.None, showProgress: false);
    }
}
