using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

/// <summary>Tests that touch the data; each leaves it as it found it (tests in a collection run one at a time).</summary>
[Collection(FeatureServerCollection.Name)]
public sealed class DataChangeTests(FeatureServer server)
{
    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(server.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A structure written straight into the table, as another writer would (a belt of the sample document).</summary>
    private async Task InsertStructureAsync(string id, string region, string wkt)
    {
        await using var conn = new NpgsqlConnection(server.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO structures ("Id", "NameZh", "NameZht", "NameEn", "Aliases", "Role", "Region", "GeometryMethod", "Geometry", "Documents", "SourceQuote")
            VALUES ($1, '带', '帶', 'Test belt', '{}', 'belt', $2, 'drawn', ST_GeomFromText($3, 4326), '{sample-sh}', 'x')
            """, conn);
        foreach (var value in new[] { id, region, wkt }) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_etag_changes_after_a_write()
    {
        var before = (await server.GetAsync("/collections/zones/items/cq-xiyong")).Headers.ETag;
        Assert.Equal(before, (await server.GetAsync("/collections/zones/items/cq-xiyong")).Headers.ETag);
        await ExecuteAsync("""UPDATE places SET "NameEn" = "NameEn" WHERE "Id" = 'cq-xiyong'""");
        // The version row is bumped in the writing transaction: the very next request sees it.
        var after = (await server.GetAsync("/collections/zones/items/cq-xiyong")).Headers.ETag;
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task The_version_moves_at_commit_and_open_writers_do_not_wait_for_each_other()
    {
        const string path = "/collections/zones/items/cq-xiyong";
        var before = (await server.GetAsync(path)).Headers.ETag;
        await using var first = new NpgsqlConnection(server.Database.ConnectionString);
        await using var second = new NpgsqlConnection(server.Database.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        await using var tx1 = await first.BeginTransactionAsync();
        await using var tx2 = await second.BeginTransactionAsync();
        await using (var w1 = new NpgsqlCommand("""UPDATE places SET "NameEn" = "NameEn" WHERE "Id" = 'cq-xiyong'""", first, tx1))
            await w1.ExecuteNonQueryAsync();
        // A second open writer on another table must not queue behind the first (a lock on the counter would hold it).
        await using (var w2 = new NpgsqlCommand("""UPDATE documents SET "TitleEn" = "TitleEn" WHERE false""", second, tx2) { CommandTimeout = 5 })
            await w2.ExecuteNonQueryAsync();
        Assert.Equal(before, (await server.GetAsync(path)).Headers.ETag); // nothing committed yet
        await tx1.CommitAsync();
        var afterFirst = (await server.GetAsync(path)).Headers.ETag;
        Assert.NotEqual(before, afterFirst);
        await tx2.CommitAsync();
        Assert.NotEqual(afterFirst, (await server.GetAsync(path)).Headers.ETag);
    }

    [Fact]
    public async Task A_new_region_is_a_valid_filter_as_soon_as_it_is_written()
    {
        // The filter vocabulary is cached per data version: a write must make the server read it again.
        var unknown = await server.GetAsync("/collections/zones/items?region=testland");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        await InsertStructureAsync("test-region", "testland", "POINT(121 31)");
        try
        {
            var known = await server.GetAsync("/collections/structures/items?region=testland");
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
            Assert.Contains("test-region", await known.Content.ReadAsStringAsync());
        }
        finally
        {
            await ExecuteAsync("""DELETE FROM structures WHERE "Id" = 'test-region'""");
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await server.GetAsync("/collections/zones/items?region=testland")).StatusCode);
    }

    [Fact]
    public async Task A_shapefile_cannot_mix_geometry_types_but_a_geopackage_can()
    {
        await InsertStructureAsync("test-belt", "shanghai", "POLYGON((121 31, 122 31, 122 32, 121 31))");
        try
        {
            var shp = await server.GetAsync("/export?format=shp&collection=structures");
            Assert.Equal(HttpStatusCode.BadRequest, shp.StatusCode);
            Assert.Contains("mixes geometry types", await shp.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/export?format=shp&collection=structures&region=shanghai")).StatusCode);
            var gpkg = await server.GetAsync("/export?format=gpkg&collection=structures");
            var path = Path.Combine(Path.GetTempPath(), $"zonemap-mixed-{Guid.NewGuid():N}.gpkg");
            await File.WriteAllBytesAsync(path, await gpkg.Content.ReadAsByteArrayAsync());
            try { Assert.Equal(2, await Gdal.FeatureCountAsync(path)); }
            finally { File.Delete(path); }
        }
        finally
        {
            await ExecuteAsync("""DELETE FROM structures WHERE "Id" = 'test-belt'""");
        }
    }

    [Fact]
    public async Task A_browser_at_the_root_gets_the_web_map_and_json_clients_the_landing_page()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var html = await (await server.Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("leaflet", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("application/json", (await server.GetAsync("/")).Content.Headers.ContentType?.MediaType);
    }
}
