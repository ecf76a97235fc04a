using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Core.Features;
using ZoneMap.Data;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>Vector tiles of the bulk features: decoded with NetTopologySuite's MVT reader and compared with /items.</summary>
[Collection(BulkServerCollection.Name)]
public sealed class TileTests(BulkServer server)
{
    // Around Shanghai, where the generator puts many features.
    private static readonly TileAddress Shanghai = new(9, 428, 209);

    private static string TilePath(TileAddress t, string query = "") => $"/collections/features/tiles/{t.Z}/{t.X}/{t.Y}{query}";

    private async Task<List<NetTopologySuite.Features.IFeature>> DecodeAsync(TileAddress t, string query = "")
    {
        var response = await server.GetAsync(TilePath(t, query));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var tile = new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(t.X, t.Y, t.Z));
        var layer = Assert.Single(tile.Layers);
        Assert.Equal("features", layer.Name);
        return layer.Features.ToList();
    }

    /// <summary>Ids /items gives for the tile's area (the tile plus its clip buffer) and a filter.</summary>
    private async Task<HashSet<string>> ItemIdsAsync(TileAddress t, string filter)
    {
        var b = t.Bounds(FeatureQueries.TileBufferFraction);
        var bbox = string.Join(',', new[] { b.West, b.South, b.East, b.North }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var json = await server.JsonAsync($"/collections/features/items?bbox={bbox}&limit=10000&{filter}");
        Assert.True(json.GetProperty("numberMatched").GetInt32() < 10000);
        return json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").ToString()).ToHashSet();
    }

    [Fact]
    public async Task A_tile_holds_exactly_the_points_items_gives_for_its_area_and_filter()
    {
        const string filter = "kind=enterprise&sector=integrated-circuits";
        var features = await DecodeAsync(Shanghai, "?" + filter);
        var expected = await ItemIdsAsync(Shanghai, filter);
        Assert.True(expected.Count > 5, $"only {expected.Count} features in the test tile");
        // z9 is thinned: each drawn feature stands for feature_count matching ones, together all of them.
        Assert.Equal(expected.Count, features.Sum(f => Convert.ToInt64(f.Attributes["feature_count"])));
        Assert.Subset(expected, features.Select(f => f.Attributes["id"].ToString()!).ToHashSet());
        foreach (var f in features)
        {
            Assert.IsType<Point>(f.Geometry);
            Assert.Contains("integrated-circuits", f.Attributes["sectors"].ToString()!.Split(','));
            Assert.Equal("enterprise", f.Attributes["kind"]);
            // The generator spreads Shanghai's features into its neighbours too.
            Assert.Contains(f.Attributes["region"].ToString(), new[] { "上海", "江苏", "浙江" });
            Assert.Contains("new-generation-it", f.Attributes["families"].ToString()!.Split(','));
            Assert.Matches("^20[0-2][0-9]-20[0-2][0-9]$", f.Attributes["period"].ToString()!);
            Assert.False(string.IsNullOrEmpty(f.Attributes["name"].ToString()));
        }
        // Decoded positions are in the tile: within the buffer of its bounds.
        var bounds = Shanghai.Bounds(FeatureQueries.TileBufferFraction * 1.01);
        Assert.All(features, f => Assert.InRange(f.Geometry.Coordinate.X, bounds.West, bounds.East));
    }

    [Fact]
    public async Task From_zoom_12_a_tile_holds_every_feature_items_gives_for_its_area()
    {
        var tile = new TileAddress(FeatureQueries.ThinBelowZoom, 3429, 1673); // central Shanghai
        var features = await DecodeAsync(tile);
        var expected = await ItemIdsAsync(tile, "");
        Assert.True(expected.Count > 10, $"only {expected.Count} features in the test tile");
        Assert.Equal(expected.Order(), features.Select(f => f.Attributes["id"].ToString()!).Order());
        Assert.All(features, f => Assert.Equal(1L, Convert.ToInt64(f.Attributes["feature_count"])));
    }

    [Fact]
    public async Task A_low_zoom_tile_is_thinned_to_one_feature_per_cell_and_accounts_for_every_feature()
    {
        var china = new TileAddress(4, 12, 6);
        var features = await DecodeAsync(china);
        var b = china.Bounds(FeatureQueries.TileBufferFraction);
        var bbox = string.Join(',', new[] { b.West, b.South, b.East, b.North }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var matched = (await server.JsonAsync($"/collections/features/items?bbox={bbox}&limit=1")).GetProperty("numberMatched").GetInt64();
        Assert.True(matched > 5000, $"only {matched} features under the z4 tile");
        Assert.InRange(features.Count, 1, FeatureQueries.ThinGrid * FeatureQueries.ThinGrid);
        Assert.True(features.Count < matched / 2, $"{features.Count} drawn for {matched}: not thinned");
        Assert.Equal(matched, features.Sum(f => Convert.ToInt64(f.Attributes["feature_count"])));
    }

    [Fact]
    public async Task Cached_overview_tiles_follow_a_change_of_the_data_at_once()
    {
        var china = new TileAddress(4, 12, 6);
        Assert.True(china.Z < Features.Tiles.OverviewTileCache.BelowZoom);
        async Task<long> Total() => (await DecodeAsync(china)).Sum(f => Convert.ToInt64(f.Attributes["feature_count"]));
        var before = await Total();
        Assert.Equal(before, await Total()); // now from the cache
        await using var db = server.Database.OpenDataSource();
        await using (var insert = db.CreateCommand("""
            INSERT INTO bulk_features ("SourceId", "Name", "Kind", "Region", "SectorIds", "FamilyIds", "Geom")
            VALUES ('cache-test', 'cache test', 'zone', '重庆', '{steel}', '{pillar-manufacturing}', ST_SetSRID(ST_MakePoint(106.5, 29.5), 4326)) -- Chongqing, inside the tile
            """))
            await insert.ExecuteNonQueryAsync();
        try
        {
            // Many clients asking for the same cold tile at once all get it (HybridCache builds it once for them).
            var totals = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Total()));
            Assert.All(totals, t => Assert.Equal(before + 1, t));
        }
        finally
        {
            await using var delete = db.CreateCommand("""DELETE FROM bulk_features WHERE "SourceId" = 'cache-test'""");
            await delete.ExecuteNonQueryAsync();
        }
        Assert.Equal(before, await Total());
    }

    [Fact]
    public async Task Polygons_come_as_polygons_and_a_family_filter_matches_its_sectors()
    {
        var features = await DecodeAsync(Shanghai, "?kind=zone&sector=new-generation-it&period=2021-2025");
        Assert.NotEmpty(features);
        Assert.All(features, f => Assert.True(f.Geometry is Polygon or MultiPolygon, f.Geometry.GeometryType));
        Assert.All(features, f => Assert.Equal("2021-2025", f.Attributes["period"]));
        Assert.All(features, f => Assert.Contains("new-generation-it", f.Attributes["families"].ToString()!.Split(',')));
        var all = await DecodeAsync(Shanghai, "?kind=zone");
        Assert.True(all.Count > features.Count);
    }

    [Theory]
    [InlineData("23/0/0")]
    [InlineData("-1/0/0")]
    [InlineData("2/4/0")]
    [InlineData("2/0/4")]
    [InlineData("0/0/-1")]
    [InlineData("a/0/0")]
    [InlineData("3/1.5/2")]
    [InlineData("99999999999/0/0")]
    public async Task Bad_tile_coordinates_are_400_problems(string zxy)
    {
        var response = await server.GetAsync($"/collections/features/tiles/{zxy}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.Matches("^[zxy] must be", detail);
    }

    [Fact]
    public async Task Bad_filters_and_unknown_collections_are_problems_too()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await server.GetAsync(TilePath(Shanghai, "?sector=no-such-sector"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.GetAsync(TilePath(Shanghai, "?limit=5"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("/collections/nothing/tiles/0/0/0")).StatusCode);
    }

    [Fact]
    public async Task An_empty_tile_is_204_and_a_repeated_request_is_304()
    {
        // The middle of the Pacific.
        var empty = await server.GetAsync("/collections/features/tiles/6/2/28");
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.NotNull(empty.Headers.ETag);

        var first = await server.GetAsync(TilePath(Shanghai));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("max-age", first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag ?? throw new Xunit.Sdk.XunitException("no ETag on a tile");
        var again = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + TilePath(Shanghai));
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Client.SendAsync(again)).StatusCode);
        // Another filter is another tile.
        Assert.NotEqual(etag, (await server.GetAsync(TilePath(Shanghai, "?kind=zone"))).Headers.ETag);
    }

    [Fact]
    public async Task Tiles_are_compressed_when_the_client_accepts_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + TilePath(Shanghai));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await server.Client.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task The_collection_links_its_tiles_and_reports_the_stored_count_and_extent()
    {
        var collection = await server.JsonAsync("/collections/features");
        var link = collection.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        Assert.EndsWith("/collections/features/tiles/{z}/{x}/{y}", link.GetProperty("href").GetString());
        Assert.True(link.GetProperty("templated").GetBoolean());
        var bbox = collection.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(bbox[0], 73, 125);
        Assert.InRange(bbox[3], 20, 54);
        Assert.Equal(BulkServer.Features, (await server.JsonAsync("/collections/features/items?limit=1")).GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task The_openapi_document_lists_exactly_the_tile_parameters_and_each_is_accepted()
    {
        var api = await server.JsonAsync("/api");
        var operation = api.GetProperty("paths").GetProperty("/collections/{collectionId}/tiles/{z}/{x}/{y}").GetProperty("get");
        var names = operation.GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("$ref").GetString()!.Split('/')[^1]).ToList();
        Assert.Equal(["collectionId", "z", "x", "y"], names.Take(4));
        Assert.Equal(QueryParameters.Tiles.Select(p => p.Name).Order(), names.Skip(4).Order());
        var examples = new Dictionary<string, string>
        {
            ["datetime"] = "2012-01-01", ["sector"] = "integrated-circuits", ["period"] = "2021-2025", ["region"] = "上海", ["kind"] = "zone",
            ["q"] = "Shanghai", ["filter"] = "kind = 'zone'", ["filter-lang"] = "cql2-text", ["filter-crs"] = ItemsQueryParser.Crs84, ["geometry"] = "location",
        };
        foreach (var name in names.Skip(4))
        {
            var r = await server.GetAsync(TilePath(Shanghai, $"?{name}={Uri.EscapeDataString(examples[name])}"));
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{name}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
    }
}
