using System.Text.Json;
using Npgsql;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>
/// Items pages of the bulk features, answered by one statement that counts and pages together: checked against
/// PostgreSQL directly (counts, order, every row exactly once across the pages) and against the taxonomy (families).
/// </summary>
[Collection(BulkServerCollection.Name)]
public sealed class BulkItemsTests(BulkServer server)
{
    private const string Shanghai = "120.9,30.7,122.0,31.6";

    private async Task<long> SqlCountAsync(string sector)
    {
        await using var db = server.Database.OpenDataSource();
        await using var cmd = db.CreateCommand("""
            SELECT count(*) FROM bulk_features b
            WHERE ST_Intersects(b."Geom", ST_MakeEnvelope(120.9, 30.7, 122.0, 31.6, 4326))
              AND b."SectorIds" && ARRAY(SELECT "Id" FROM sectors WHERE "Id" = $1 OR "FamilyId" = $1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sector });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static List<JsonElement> Features(JsonElement page) => page.GetProperty("features").EnumerateArray().ToList();

    [Theory]
    [InlineData("integrated-circuits")] // a sector
    [InlineData("new-generation-it")]   // a family: its sectors
    public async Task Pages_count_like_postgresql_and_walk_every_row_once_in_id_order(string sector)
    {
        var expected = await SqlCountAsync(sector);
        Assert.InRange(expected, 15, 5000); // several pages of 7, so paging is exercised

        var ids = new List<long>();
        string? next = $"/collections/features/items?bbox={Shanghai}&sector={sector}&limit=7";
        while (next is not null)
        {
            var page = await server.JsonAsync(next);
            Assert.Equal(expected, page.GetProperty("numberMatched").GetInt64());
            ids.AddRange(Features(page).Select(f => f.GetProperty("id").GetInt64()));
            next = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery).FirstOrDefault();
        }
        Assert.Equal(expected, ids.Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Sortby_orders_the_page_and_an_offset_past_the_end_still_counts()
    {
        var expected = await SqlCountAsync("steel");
        var page = await server.JsonAsync($"/collections/features/items?bbox={Shanghai}&sector=steel&sortby=-name&limit=20");
        var names = Features(page).Select(f => f.GetProperty("properties").GetProperty("name").GetString()!).ToList();
        Assert.Equal(20, names.Count);
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), names);

        var beyond = await server.JsonAsync($"/collections/features/items?bbox={Shanghai}&sector=steel&limit=20&offset={expected + 5}");
        Assert.Equal(expected, beyond.GetProperty("numberMatched").GetInt64());
        Assert.Empty(Features(beyond));

        var nothing = await server.JsonAsync("/collections/features/items?bbox=80,30,80.01,30.01&sector=steel");
        Assert.Equal(0, nothing.GetProperty("numberMatched").GetInt64());
    }

    [Fact]
    public async Task Families_are_the_families_of_the_sectors()
    {
        await using var db = server.Database.OpenDataSource();
        var familyOf = new Dictionary<string, string>();
        await using (var cmd = db.CreateCommand("""SELECT "Id", "FamilyId" FROM sectors"""))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) familyOf[reader.GetString(0)] = reader.GetString(1);

        var page = await server.JsonAsync($"/collections/features/items?bbox={Shanghai}&limit=200");
        foreach (var f in Features(page))
        {
            var p = f.GetProperty("properties");
            var sectors = p.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()!).ToList();
            var families = p.GetProperty("families").EnumerateArray().Select(s => s.GetString()!).ToList();
            Assert.NotEmpty(sectors);
            Assert.Equal(sectors.Select(s => familyOf[s]).Distinct().Order(StringComparer.Ordinal), families);
        }
    }

    [Fact]
    public async Task A_region_filter_takes_the_region_id_or_its_province_name()
    {
        await using var db = server.Database.OpenDataSource();
        await using var cmd = db.CreateCommand("""SELECT count(*) FROM bulk_features WHERE "Region" = '上海'""");
        var expected = (long)(await cmd.ExecuteScalarAsync())!;
        Assert.InRange(expected, 1, long.MaxValue);

        foreach (var region in new[] { "shanghai", "上海", "上海市", "shanghai,上海" })
        {
            var page = await server.JsonAsync($"/collections/features/items?region={Uri.EscapeDataString(region)}&limit=1");
            Assert.Equal(expected, page.GetProperty("numberMatched").GetInt64());
        }

        var unknown = await server.GetAsync("/collections/features/items?region=atlantis");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
