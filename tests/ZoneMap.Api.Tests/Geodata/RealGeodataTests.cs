using System.Text.Json.Nodes;
using Npgsql;
using ZoneMap.Core.Geodata;
using ZoneMap.Data.Geodata;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Geodata;

/// <summary>The repository's geodata/, loaded once into a throwaway PostGIS database.</summary>
public sealed class RealGeodataFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public NpgsqlDataSource Db { get; private set; } = null!;
    public GeodataLoadResult Load { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("geodata");
        Db = Database.OpenDataSource();
        Load = await GeodataLoader.LoadAsync(Database.ConnectionString, Repository.Geodata, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class RealGeodataTests(RealGeodataFixture fixture) : IClassFixture<RealGeodataFixture>
{
    private NpgsqlDataSource Db => fixture.Db;

    private async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var cmd = Db.CreateCommand(sql);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await r.ReadAsync()) list.Add(row(r));
        return list;
    }

    [Fact]
    public async Task Every_district_of_the_files_is_loaded_with_a_valid_polygon()
    {
        var dir = Repository.Geodata;
        foreach (var region in new[] { "shanghai", "chongqing" })
        {
            var features = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "districts", region + ".geojson")))!["features"]!.AsArray();
            var loaded = await ListAsync($"SELECT \"Id\" FROM districts WHERE \"Region\" = '{region}' AND ST_IsValid(\"Geometry\") AND ST_SRID(\"Geometry\") = 4326", r => r.GetString(0));
            Assert.Equal(features.Select(f => (string)f!["properties"]!["id"]!).Order(), loaded.Order());
        }
        Assert.Empty(await ListAsync("SELECT \"Id\" FROM districts WHERE NOT ST_IsValid(\"Geometry\") UNION ALL SELECT \"Id\" FROM provinces WHERE NOT ST_IsValid(\"Geometry\")", r => r.GetString(0)));
    }

    [Fact]
    public async Task Districts_of_a_city_do_not_overlap_beyond_slivers()
    {
        var cities = await ListAsync("""
            SELECT a."Region",
                   coalesce(sum(ST_Area(ST_Intersection(a."Geometry", b."Geometry")::geography)) FILTER (WHERE a."Id" < b."Id"), 0),
                   (SELECT ST_Area(ST_Union(d."Geometry")::geography) FROM districts d WHERE d."Region" = a."Region")
            FROM districts a JOIN districts b ON a."Region" = b."Region" AND a."Id" <> b."Id" AND ST_Intersects(a."Geometry", b."Geometry")
            GROUP BY a."Region"
            """, r => (Region: r.GetString(0), Overlap: r.GetDouble(1), Area: r.GetDouble(2)));
        Assert.Equal(2, cities.Count); // neighbours touch in both cities
        foreach (var city in cities)
            Assert.True(city.Overlap < 0.001 * city.Area, $"{city.Region}: districts overlap by {city.Overlap / 1e6:0.00} km² of {city.Area / 1e6:0} km²");
    }

    [Fact]
    public async Task Every_place_lies_in_the_district_it_claims_or_is_a_reported_waterfront_place_within_a_km()
    {
        Assert.NotEmpty(await ListAsync("SELECT 1 FROM places", r => r.GetInt32(0)));
        var outside = await ListAsync("""
            SELECT p."Id", ST_Distance(p."Location"::geography, d."Geometry"::geography)
            FROM places p JOIN districts d ON d."Id" = p."DistrictId"
            WHERE NOT ST_Covers(d."Geometry", p."Location")
            """, r => (Id: r.GetString(0), Metres: r.GetDouble(1)));
        foreach (var (id, metres) in outside)
        {
            Assert.True(metres <= GeodataLoader.CoastalToleranceMetres, $"{id} is {metres:0} m outside its district");
            Assert.Contains(fixture.Load.Warnings, w => w.Record == id);
        }
    }

    [Fact]
    public async Task Every_name_and_alias_also_folded_to_simplified_leads_to_exactly_one_place()
    {
        var names = await ListAsync("""
            SELECT "Id", n FROM places, unnest(array_append(array_append("Aliases", "NameZh"), "NameZht")) AS n
            """, r => (Id: r.GetString(0), Name: r.GetString(1)));
        var simplified = GeodataReader.ToSimplified(names.Select(n => n.Name));
        var keys = names.Concat(names.Select(n => (n.Id, Name: simplified[n.Name])));
        var shared = keys.GroupBy(k => k.Name).Where(g => g.Select(k => k.Id).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(k => k.Id).Distinct())}").ToList();
        Assert.Empty(shared);
    }

    [Fact]
    public async Task Each_structure_geometry_is_valid_and_covers_its_members()
    {
        var members = await ListAsync("""
            SELECT s."Id", s."GeometryMethod", coalesce(m."PlaceId", m."DistrictId"),
                   ST_IsValid(s."Geometry") AND ST_SRID(s."Geometry") = 4326,
                   ST_Covers(s."Geometry", coalesce(p."Location", ST_PointOnSurface(d."Geometry"))),
                   -- union and hull take the member's whole shape: nothing of it may stick out
                   coalesce(ST_Area(ST_Difference(coalesce(p."Footprint", d."Geometry"), s."Geometry")) / ST_Area(coalesce(p."Footprint", d."Geometry")), 0)
            FROM structures s JOIN structure_members m ON m."StructureId" = s."Id"
            LEFT JOIN places p ON p."Id" = m."PlaceId" LEFT JOIN districts d ON d."Id" = m."DistrictId"
            """, r => (Structure: r.GetString(0), Method: r.GetString(1), Member: r.GetString(2), Valid: r.GetBoolean(3), Covers: r.GetBoolean(4), Outside: r.GetDouble(5)));
        Assert.NotEmpty(members);
        Assert.Equal(await ListAsync("SELECT \"Id\" FROM structures ORDER BY 1", r => r.GetString(0)), members.Select(m => m.Structure).Distinct().Order());
        foreach (var m in members)
        {
            Assert.True(m.Valid, $"{m.Structure}: invalid geometry");
            Assert.True(m.Covers, $"{m.Structure} does not cover member {m.Member}");
            if (m.Method is "union" or "hull") Assert.True(m.Outside < 1e-6, $"{m.Structure}: {m.Outside:P4} of member {m.Member} lies outside");
        }
    }

    [Fact]
    public async Task Loading_the_same_files_again_changes_nothing_and_serve_skips_them()
    {
        var before = await GeodataFiles.FingerprintAsync(Db);
        var again = await GeodataLoader.LoadAsync(fixture.Database.ConnectionString, Repository.Geodata, CancellationToken.None);
        Assert.Equal(0, again.RowsChanged);
        Assert.Equal(before, await GeodataFiles.FingerprintAsync(Db));

        var skipped = await GeodataLoader.LoadIfChangedAsync(fixture.Database.ConnectionString, Repository.Geodata, CancellationToken.None);
        Assert.True(skipped.Skipped);
        Assert.Equal(before, await GeodataFiles.FingerprintAsync(Db));
    }
}
