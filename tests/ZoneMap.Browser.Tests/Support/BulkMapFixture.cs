using ZoneMap.Cli;
using ZoneMap.Cli.Commands;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Browser.Tests.Support;

/// <summary>
/// The map over geodata/ plus a generated national data set (`zonemap bench generate`) loaded through `zonemap load`'s
/// code path: far more features than the map draws as GeoJSON, so the features layer comes as vector tiles.
/// </summary>
public sealed class BulkMapFixture : MapFixture
{
    public const int Features = 30_000;
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("zonemap-bulk-map-");

    public BulkMapFixture() : base(ServerData.Geodata) { }

    protected override Task<ZoneMapServer> StartServerAsync() =>
        ZoneMapServer.StartAsync("browser_bulk", ServerData.Geodata, async db =>
        {
            var file = Path.Combine(temp.FullName, "national.geojson");
            await using (var stream = File.Create(file))
                await BenchCommand.Dataset(new ProjectPaths(Repository.Root)).WriteGeoJsonAsync(stream, Features, 5);
            await LoadCommand.LoadAsync(db.ConnectionString, file, null, replace: true, CancellationToken.None, showProgress: false);
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        temp.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class BulkMapCollection : ICollectionFixture<BulkMapFixture>
{
    public const string Name = "bulk-map";
}
