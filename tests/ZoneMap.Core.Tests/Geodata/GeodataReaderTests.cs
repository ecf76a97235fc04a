using System.Text.Json;
using System.Text.Json.Nodes;
using ZoneMap.Core.Geodata;

namespace ZoneMap.Core.Tests.Geodata;

/// <summary>The file checks that need no database, on a tiny hand-made geodata/ (two rectangles, three places).</summary>
public sealed class GeodataReaderTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "zonemap-reader-" + Guid.NewGuid().ToString("N"));

    public GeodataReaderTests()
    {
        Directory.CreateDirectory(Path.Combine(dir, "districts"));
        Directory.CreateDirectory(Path.Combine(dir, "gazetteer"));
        Write("districts/shanghai.geojson", new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(
                District("310106", "静安区", "Jing'an District", ["闸北区"], 121.40, 31.20, 121.50, 31.30),
                District("310115", "浦东新区", "Pudong New Area", ["南汇区"], 121.50, 30.80, 121.95, 31.40)),
        });
        Write("gazetteer/shanghai.json", new JsonObject
        {
            ["region"] = "shanghai",
            ["places"] = new JsonArray(
                Place("sh-a", "甲园区", "甲園區", ["甲园"], "闸北区", 121.45, 31.25),
                Place("sh-b", "乙园区", "乙園區", [], "浦东新区", 121.60, 31.20),
                Place("sh-c", "丙园区", "丙園區", [], "南汇区", 121.80, 30.90)),
        });
        Write("structures.json", new JsonObject
        {
            ["structures"] = new JsonArray(
                Structure("sh-axis", null, "corridor", "sh-a", "sh-b", "sh-c"),
                Structure("sh-pole", "sh-axis", "union", "district:浦东新区")),
        });
        Write("sectors.json", JsonNode.Parse("""
            { "families": [ { "id": "it", "zh": "信息技术", "en": "IT" } ],
              "sectors": [ { "id": "ic", "family": "it", "zh": "集成电路", "en": "Integrated circuits", "synonyms": ["芯片"] } ] }
            """)!);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private void Write(string path, JsonNode node) => File.WriteAllText(Path.Combine(dir, path), node.ToJsonString());

    private void Edit(string path, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, path)))!;
        change(node);
        Write(path, node);
    }

    private static JsonObject District(string id, string zh, string en, string[] aliases, double x0, double y0, double x1, double y1) => new()
    {
        ["type"] = "Feature",
        ["properties"] = new JsonObject
        {
            ["id"] = id, ["name_zh"] = zh, ["name_en"] = en, ["region"] = "shanghai",
            ["aliases"] = new JsonArray(aliases.Select(a => (JsonNode)a!).ToArray()),
        },
        ["geometry"] = JsonNode.Parse($"{{\"type\":\"Polygon\",\"coordinates\":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"),
    };

    private static JsonObject Place(string id, string zh, string zht, string[] aliases, string district, double x, double y) => new()
    {
        ["id"] = id, ["name_zh"] = zh, ["name_zht"] = zht, ["name_en"] = id, ["kind"] = "park", ["district"] = district,
        ["aliases"] = new JsonArray(aliases.Select(a => (JsonNode)a!).ToArray()),
        ["location"] = new JsonArray(x, y), ["precision"] = "area", ["footprint"] = null,
        ["source"] = new JsonObject { ["note"] = "test", ["datum"] = "WGS-84", ["estimated"] = true },
        ["documents"] = new JsonArray("003"),
    };

    private static JsonObject Structure(string id, string? parent, string method, params string[] members) => new()
    {
        ["id"] = id, ["name_zh"] = id + "名", ["name_zht"] = id + "名", ["name_en"] = id, ["role"] = "axis", ["region"] = "shanghai",
        ["parent"] = parent, ["geometry_method"] = method, ["source_quote"] = "测试。",
        ["members"] = new JsonArray(members.Select(m => (JsonNode)m!).ToArray()),
    };

    private GeodataException Refused() => Assert.Throws<GeodataException>(() => GeodataReader.Read(dir));

    [Fact]
    public void Former_district_names_resolve_to_todays_adcode_and_district_members_to_their_district()
    {
        var content = GeodataReader.Read(dir);
        Assert.Equal(["310106", "310115", "310115"], content.Places.Select(p => p.DistrictId));
        Assert.Equal([(null, "310115")], content.Structures.Single(s => s.Id == "sh-pole").Members.Select(m => (m.PlaceId, m.DistrictId)));
        Assert.Equal(["sh-a", "sh-b", "sh-c"], content.Structures.Single(s => s.Id == "sh-axis").Members.Select(m => m.PlaceId!));
        Assert.All(content.Districts, d => Assert.Equal(4326, d.Geometry.SRID));
    }

    [Fact]
    public void The_content_hash_follows_the_files_and_nothing_else()
    {
        var first = GeodataReader.ContentHash(dir);
        Assert.Equal(first, GeodataReader.ContentHash(dir));
        Edit("sectors.json", s => s["sectors"]![0]!["en"] = "ICs");
        Assert.NotEqual(first, GeodataReader.ContentHash(dir));
    }

    [Fact]
    public void A_ring_needs_three_members_and_a_parent_must_exist()
    {
        Edit("structures.json", s =>
        {
            s["structures"]![0]!["geometry_method"] = "ring";
            s["structures"]![0]!["members"]!.AsArray().RemoveAt(2);
            s["structures"]![1]!["parent"] = "sh-nowhere";
        });
        var error = Refused();
        Assert.Contains(error.Problems, p => p.Record == "sh-axis" && p.Problem.Contains("needs at least 3 member(s), found 2"));
        Assert.Contains(error.Problems, p => p.Record == "sh-pole" && p.Problem.Contains("unknown parent 'sh-nowhere'"));
    }

    [Fact]
    public void A_duplicate_id_and_an_id_without_its_region_prefix_are_refused()
    {
        Edit("gazetteer/shanghai.json", g => g["places"]!.AsArray().Add(Place("sh-a", "丁园区", "丁園區", [], "静安区", 121.45, 31.25)));
        Edit("gazetteer/shanghai.json", g => g["places"]!.AsArray().Add(Place("cq-e", "戊园区", "戊園區", [], "静安区", 121.45, 31.25)));
        var error = Refused();
        Assert.Contains(error.Problems, p => p.Record == "sh-a" && p.File == "gazetteer/shanghai.json" && p.Problem.Contains("duplicate place id (2 records)"));
        Assert.Contains(error.Problems, p => p.Record == "cq-e" && p.Problem.Contains("must start with 'sh-'"));
    }

    [Fact]
    public void A_traditional_alias_that_folds_onto_another_places_name_is_refused()
    {
        Edit("gazetteer/shanghai.json", g => g["places"]![1]!["aliases"]!.AsArray().Add("甲園")); // Traditional of sh-a's alias 甲园
        var error = Refused();
        Assert.Contains(error.Problems, p => p.Record == "sh-a, sh-b" && p.Problem.Contains("'甲园'"));
    }

    [Fact]
    public void A_json_syntax_error_names_the_file()
    {
        File.WriteAllText(Path.Combine(dir, "sectors.json"), "{ \"families\": [ ");
        var error = Refused();
        Assert.Contains(error.Problems, p => p.File == "sectors.json" && p.Problem.Contains("not valid JSON"));
    }

    [Fact]
    public void A_footprint_must_be_a_valid_polygon()
    {
        Edit("gazetteer/shanghai.json", g => g["places"]![0]!["footprint"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[121.4,31.2],[121.5,31.3]]}"""));
        var error = Refused();
        Assert.Contains(error.Problems, p => p.Record == "sh-a" && p.Problem.Contains("footprint is a LineString"));
    }

    [Fact]
    public void A_footprint_must_contain_its_place()
    {
        // sh-a lies at 121.45, 31.25: a square around it loads, the same square moved east does not.
        JsonNode Square(double x0) => JsonNode.Parse($$"""{"type":"Polygon","coordinates":[[[{{x0}},31.24],[{{x0 + 0.02}},31.24],[{{x0 + 0.02}},31.26],[{{x0}},31.26],[{{x0}},31.24]]]}""")!;
        Edit("gazetteer/shanghai.json", g => g["places"]![0]!["footprint"] = Square(121.44));
        Assert.NotNull(GeodataReader.Read(dir).Places.Single(p => p.Id == "sh-a").Footprint);
        Edit("gazetteer/shanghai.json", g => g["places"]![0]!["footprint"] = Square(121.47));
        var error = Refused();
        Assert.Contains(error.Problems, p => p.Record == "sh-a" && p.Problem.Contains("lies outside its footprint"));
    }

    [Fact]
    public void An_unclosed_ring_is_reported_with_its_district()
    {
        Edit("districts/shanghai.geojson", fc => fc["features"]![1]!["geometry"] =
            JsonNode.Parse("""{"type":"Polygon","coordinates":[[[121.5,30.8],[121.9,30.8],[121.9,31.4],[121.5,31.4]]]}"""));
        var error = Refused();
        Assert.Contains(error.Problems, p => p.File == "districts/shanghai.geojson" && p.Record == "310115" && p.Problem.Contains("geometry is not a GeoJSON geometry"));
    }
}
