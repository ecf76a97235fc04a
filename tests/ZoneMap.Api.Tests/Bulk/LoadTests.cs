using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using ZoneMap.Api.Tests.Support;
using ZoneMap.Cli.Commands;
using ZoneMap.Core.Bulk;
using ZoneMap.Data.Geodata;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>`zonemap load` on its own database: round trips, all-or-nothing, and the generator's determinism.</summary>
public sealed class LoadTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("zonemap-load-");

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync("load");
        await GeodataLoader.LoadAsync(db.ConnectionString, Repository.Geodata, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        temp.Delete(recursive: true);
    }

    private async Task<(long Rows, long Stored)> CountsAsync()
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""SELECT (SELECT count(*) FROM bulk_features), coalesce((SELECT "Count" FROM bulk_feature_stats), 0)""", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private Task<Data.Bulk.BulkLoadSummary> LoadAsync(string path, bool replace = false) =>
        LoadCommand.LoadAsync(db.ConnectionString, path, null, replace, CancellationToken.None, showProgress: false);

    [Fact]
    public async Task GeoJson_and_geopackage_loads_round_trip_the_count_and_add_up()
    {
        var geojson = Path.Combine(temp.FullName, "a.geojson");
        await GeneratedBulkData.WriteAsync(geojson, 1500, seed: 3);
        var summary = await LoadAsync(geojson, replace: true);
        Assert.Equal(1500, summary.Loaded);
        Assert.Equal((1500L, 1500L), await CountsAsync());

        // The GeoPackage is written by GDAL from another generated file: an independent writer.
        var other = Path.Combine(temp.FullName, "b.geojson");
        await GeneratedBulkData.WriteAsync(other, 700, seed: 4);
        var gpkg = Path.Combine(temp.FullName, "b.gpkg");
        var (exit, output) = await Gdal.RunAsync("ogr2ogr", "-f", "GPKG", gpkg, other, "-nln", "zones");
        Assert.True(exit == 0, output);
        Assert.Equal(700, (await LoadAsync(gpkg)).Loaded);
        Assert.Equal((2200L, 2200L), await CountsAsync());

        // The same features, the same properties: sectors, period and region survive both paths.
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*) FROM bulk_features WHERE cardinality("SectorIds") BETWEEN 1 AND 3 AND "PeriodEnd" = "PeriodStart" + 4
              AND "Region" <> '' AND ST_SRID("Geom") = 4326 AND "Properties" ? 'city'
            """, conn);
        Assert.Equal(2200L, await cmd.ExecuteScalarAsync());

        Assert.Equal(0, (await LoadAsync(geojson, replace: true)).Loaded - 1500);
        Assert.Equal((1500L, 1500L), await CountsAsync());
    }

    [Fact]
    public async Task A_bad_feature_in_the_middle_leaves_the_table_as_it_was()
    {
        var good = Path.Combine(temp.FullName, "good.geojson");
        await GeneratedBulkData.WriteAsync(good, 300, seed: 5);
        await LoadAsync(good, replace: true);

        foreach (var (breakIt, expected) in new (Action<JsonObject>, string)[]
        {
            (f => f["properties"]!["sectors"] = "integrated-circuits,warp-drives", "feature 600 (id gen-600): unknown sector 'warp-drives'"),
            (f => f["properties"]!["period"] = "2025-2021", "feature 600 (id gen-600): period '2025-2021' ends before it starts"),
            (f => f["geometry"] = JsonNode.Parse("""{"type":"Point","coordinates":[12000000,3500000]}"""), "feature 600 (id gen-600): coordinates"),
            (f => f["properties"]!.AsObject().Remove("region"), "feature 600 (id gen-600) has no region"),
        })
        {
            var path = Path.Combine(temp.FullName, "bad.geojson");
            await GeneratedBulkData.WriteAsync(path, 1000, seed: 6);
            var text = await File.ReadAllTextAsync(path);
            var start = text.IndexOf("{\"type\":\"Feature\",\"id\":\"gen-600\"", StringComparison.Ordinal);
            var end = text.IndexOf("{\"type\":\"Feature\",\"id\":\"gen-601\"", StringComparison.Ordinal);
            var feature = JsonNode.Parse(text[start..(end - 1)])!.AsObject();
            breakIt(feature);
            await File.WriteAllTextAsync(path, text[..start] + feature.ToJsonString() + "," + text[end..]);

            var error = await Assert.ThrowsAsync<BulkLoadException>(() => LoadAsync(path));
            Assert.Contains(expected, error.Message);
            Assert.Equal((300L, 300L), await CountsAsync());
        }
    }

    [Fact]
    public async Task A_cut_short_file_is_refused_and_changes_nothing()
    {
        var path = Path.Combine(temp.FullName, "cut.geojson");
        await GeneratedBulkData.WriteAsync(path, 2000, seed: 8);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length * 2 / 3)]);
        var error = await Assert.ThrowsAsync<BulkLoadException>(() => LoadAsync(path));
        Assert.Contains("cut short", error.Message);
        Assert.Equal(0L, (await CountsAsync()).Rows);
    }

    [Fact]
    public async Task The_generator_is_deterministic()
    {
        async Task<string> HashAsync(int seed)
        {
            var path = Path.Combine(temp.FullName, $"gen-{seed}-{Guid.NewGuid():N}.geojson");
            await GeneratedBulkData.WriteAsync(path, 3000, seed);
            return Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(path)));
        }
        Assert.Equal(await HashAsync(42), await HashAsync(42));
        Assert.NotEqual(await HashAsync(42), await HashAsync(43));
    }

    [Fact]
    public async Task The_stream_reader_handles_members_around_the_features_and_features_split_across_reads()
    {
        // A bbox before and a foreign member after "features"; features far larger than one read of the small stream.
        var ring = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"[{121 + i * 1e-5:0.00000},31.0]")) + ",[121.5,31.5],[121.0,31.0]";
        var json = """
            {"type":"FeatureCollection","bbox":[121,31,122,32],"name":"x","features":[
              {"type":"Feature","id":1,"properties":{"name":"大","region":"上海","sector":"integrated-circuits","period":"2021"},"geometry":{"type":"Polygon","coordinates":[[RING]]}},
              {"type":"Feature","properties":{"name":"小","region":"上海","sectors":["nev","integrated-circuits"]},"geometry":{"type":"Point","coordinates":[121.5,31.2]}}
            ],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}}
            """.Replace("RING", ring);
        await using var stream = new SlowStream(Encoding.UTF8.GetBytes(json), 7);
        var features = new List<SourceFeature>();
        await foreach (var f in GeoJsonFeatureStream.ReadAsync(stream)) features.Add(f);
        Assert.Equal(2, features.Count);
        Assert.Equal(3002, features[0].Geometry!.NumPoints);
        Assert.Equal("1", features[0].Id);
        var builder = new BulkRecordBuilder(new HashSet<string> { "integrated-circuits", "nev" });
        Assert.Equal((2021, 2021), (builder.Build(features[0]).PeriodStart, builder.Build(features[0]).PeriodEnd));
        Assert.Equal(["integrated-circuits", "nev"], builder.Build(features[1]).Sectors);
        Assert.Equal("小", builder.Build(features[1]).Name);
    }

    /// <summary>Hands out at most a few bytes a read, so every token boundary falls between reads somewhere.</summary>
    private sealed class SlowStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], ct);
    }
}
