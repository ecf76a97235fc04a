using Microsoft.EntityFrameworkCore;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using Npgsql;
using ZoneMap.Data.Model;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Schema;

/// <summary>The schema as the migrations build it on a real, empty PostGIS database.</summary>
public sealed class SchemaTests : IAsyncLifetime
{
    private static readonly GeometryFactory Geo = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync("schema");
    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_with_postgis_and_every_table()
    {
        await using var ctx = db.Context();
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync());
        await using var ds = db.OpenDataSource();
        await using var cmd = ds.CreateCommand("SELECT postgis_lib_version()");
        Assert.StartsWith("3.", (string)(await cmd.ExecuteScalarAsync())!);
        await using var tables = ds.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)");
        tables.Parameters.Add(new NpgsqlParameter { Value = new[] { "documents", "places", "districts", "sectors", "sector_families", "mentions", "zone_facts", "structures", "structure_members" } });
        Assert.Equal(9L, await tables.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_place_with_a_polygon_footprint_round_trips()
    {
        var footprint = Geo.CreatePolygon([new(121.58, 31.19), new(121.62, 31.19), new(121.62, 31.22), new(121.58, 31.22), new(121.58, 31.19)]);
        await using (var ctx = db.Context())
        {
            ctx.Districts.Add(District("310115", "浦东新区", 121.5, 31.2));
            ctx.Places.Add(new Place
            {
                Id = "sh-test-park", NameZh = "测试园区", NameZht = "測試園區", NameEn = "Test Park", Aliases = ["测试园"],
                Kind = "park", Region = "shanghai", DistrictId = "310115", Location = Geo.CreatePoint(new Coordinate(121.6, 31.2)),
                Footprint = footprint, Precision = "area", SourceNote = "test fixture", SourceDatum = "WGS-84",
            });
            await ctx.SaveChangesAsync();
        }
        await using (var ctx = db.Context())
        {
            var place = await ctx.Places.SingleAsync(p => p.Id == "sh-test-park");
            Assert.Equal(4326, place.Footprint!.SRID);
            Assert.True(place.Footprint.EqualsExact(footprint));
            Assert.Equal(["测试园"], place.Aliases);
            // PostGIS sees the same polygon: its area matches NTS's.
            var area = await ctx.Places.Where(p => p.Id == "sh-test-park").Select(p => p.Footprint!.Area).SingleAsync();
            Assert.Equal(footprint.Area, area, 9);
        }
    }

    [Fact]
    public async Task A_bbox_query_on_places_uses_the_gist_index()
    {
        await using var ds = db.OpenDataSource();
        await using (var ctx = db.Context())
        {
            ctx.Districts.Add(District("999001", "索引测试区", 110, 30));
            await ctx.SaveChangesAsync();
        }
        // Enough rows that the planner prefers the index over a sequential scan.
        await using (var fill = ds.CreateCommand("""
            INSERT INTO places ("Id","NameZh","NameZht","NameEn","Aliases","Kind","Region","DistrictId","Location","Precision","SourceNote","SourceDatum","Estimated")
            SELECT 'bulk-' || g, 'n' || g, 'n' || g, 'n' || g, '{}', 'park', 'test', '999001',
                   ST_SetSRID(ST_MakePoint(100 + (g % 200) * 0.1, 20 + (g / 200) * 0.1), 4326), 'area', 'generated', 'WGS-84', true
            FROM generate_series(1, 20000) g;
            ANALYZE places;
            """)) await fill.ExecuteNonQueryAsync();

        await using var explain = ds.CreateCommand("""
            EXPLAIN SELECT "Id" FROM places WHERE "Location" && ST_MakeEnvelope(105, 25, 105.5, 25.5, 4326)
            """);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        Assert.Contains(plan, line => line.Contains("IX_places_Location"));
    }

    [Fact]
    public async Task A_mention_whose_quote_is_not_in_its_document_is_refused()
    {
        await using var ctx = db.Context();
        ctx.Districts.Add(District("310116", "金山区", 121.3, 30.7));
        ctx.Places.Add(new Place
        {
            Id = "sh-quote-test", NameZh = "金山", NameZht = "金山", NameEn = "Jinshan", Kind = "district", Region = "shanghai",
            DistrictId = "310116", Location = Geo.CreatePoint(new Coordinate(121.34, 30.74)), Precision = "district",
            SourceNote = "test", SourceDatum = "WGS-84",
        });
        ctx.Documents.Add(new Document
        {
            Id = "t1", FileName = "t1.txt", TitleZh = "测试", TitleEn = "Test", IssuingBody = "test", Region = "shanghai",
            PeriodStart = 2011, PeriodEnd = 2012, Script = "simplified", Sha256 = "00", Encoding = "utf-8", Text = "金山发展新材料。",
        });
        await ctx.SaveChangesAsync();

        ctx.Mentions.Add(new Mention
        {
            DocumentId = "t1", PlaceId = "sh-quote-test", NameAsWritten = "金山", Line = 1, NameStart = 0, NameEnd = 2,
            QuoteStart = 0, QuoteEnd = 8, Quote = "金山发展生物医药。", PeriodStart = 2011, PeriodEnd = 2012,
        });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => ctx.SaveChangesAsync());
        Assert.Contains("does not occur", error.InnerException!.Message);
    }

    private static District District(string id, string name, double x, double y) => new()
    {
        Id = id, NameZh = name, NameEn = name, Region = "test", Source = "test",
        Geometry = Geo.CreateMultiPolygon([(Polygon)Geo.CreatePoint(new Coordinate(x, y)).Buffer(0.1)]),
        Centroid = Geo.CreatePoint(new Coordinate(x, y)),
    };
}

/// <summary>Least privilege: the role the web server reads with can read and cannot write.</summary>
public sealed class ReaderRoleTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync("reader");
        await SampleData.LoadAsync(db.ConnectionString);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData("INSERT INTO sector_families (\"Id\", \"Zh\", \"En\") VALUES ('x', 'x', 'x')")]
    [InlineData("UPDATE places SET \"NameEn\" = 'changed'")]
    [InlineData("DELETE FROM mentions")]
    [InlineData("DROP TABLE zone_facts")]
    [InlineData("CREATE TABLE intruder (id int)")]
    public async Task The_server_role_cannot_write(string sql)
    {
        await using var conn = new NpgsqlConnection(db.ReaderConnectionString);
        await conn.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT count(*) FROM places", conn);
        Assert.True((long)(await read.ExecuteScalarAsync())! > 0);

        await using var write = new NpgsqlCommand(sql, conn);
        var error = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
        // 25006: read-only transaction; 42501: insufficient privilege.
        Assert.Contains(error.SqlState, new[] { "25006", "42501" });

        // Even with read-only switched off by the session, the grants still refuse.
        await using var unlock = new NpgsqlCommand("SET default_transaction_read_only = off", conn);
        await unlock.ExecuteNonQueryAsync();
        var again = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
        Assert.Contains(again.SqlState, new[] { "42501", "42P01" });
    }
}
