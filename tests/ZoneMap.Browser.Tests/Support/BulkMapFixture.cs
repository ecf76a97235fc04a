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
        ZoneMapServer.StartAsync("browser_bulk", ServerData.Geodata, db => GeneratedBulkData.LoadAsync(db, temp, Features, seed: 5));

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
