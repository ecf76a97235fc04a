using System.Text.Json.Nodes;
using Npgsql;
using ZoneMap.Core.Geodata;
using ZoneMap.Data.Geodata;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Geodata;

/// <summary>Broken copies of the real geodata/ must be refused with file, record and problem, leaving the database as it was.</summary>
public sealed class BadGeodataTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private NpgsqlDataSource db = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("badgeo");
        db = database.OpenDataSource();
        await GeodataLoader.LoadAsync(database.ConnectionString, Repository.Geodata, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        await database.DisposeAsync();
    }

    private static JsonObject Place(JsonNode gazetteer, int index) => gazetteer["places"]![index]!.AsObject();

    /// <summary>Breaks a copy, loads it, and returns the problems; the database must not have changed.</summary>
    private async Task<GeodataException> RefusedAsync(Action<GeodataFiles.Copy> breakIt)
    {
        using var copy = new GeodataFiles.Copy();
        breakIt(copy);
        var before = await GeodataFiles.FingerprintAsync(db);
        var error = await Assert.ThrowsAsync<GeodataException>(() => GeodataLoader.LoadAsync(database.ConnectionString, copy.Dir, CancellationToken.None));
        Assert.Equal(before, await GeodataFiles.FingerprintAsync(db));
        return error;
    }

    private static void AssertProblem(GeodataException error, string file, string record, string problem) =>
        Assert.True(error.Problems.Any(p => p.File.Contains(file) && p.Record.Contains(record) && p.Problem.Contains(problem)) && error.Message.Contains(problem),
            $"expected {file}: {record}: …{problem}… in\n{error.Message}");

    [Fact]
    public async Task A_place_without_id_is_refused()
    {
        string name = "";
        var error = await RefusedAsync(c => c.Edit("gazetteer/shanghai.json", g => { var p = Place(g, 0); name = (string)p["name_zh"]!; p.Remove("id"); }));
        AssertProblem(error, "gazetteer/shanghai.json", name, "missing id");
    }

    [Fact]
    public async Task A_bowtie_district_polygon_is_refused()
    {
        string id = "";
        var error = await RefusedAsync(c => c.Edit("districts/shanghai.geojson", fc =>
        {
            var feature = fc["features"]![1]!;
            id = (string)feature["properties"]!["id"]!;
            feature["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[121.40,31.10],[121.50,31.20],[121.50,31.10],[121.40,31.20],[121.40,31.10]]]}""");
        }));
        AssertProblem(error, "districts/shanghai.geojson", id, "Self-intersection");
    }

    [Fact]
    public async Task A_coordinate_outside_china_is_refused()
    {
        string id = "";
        var error = await RefusedAsync(c => c.Edit("gazetteer/chongqing.json", g =>
        {
            var p = Place(g, 0);
            id = (string)p["id"]!;
            p["location"] = new JsonArray(139.69, 35.69); // Tokyo
        }));
        AssertProblem(error, "gazetteer/chongqing.json", id, "outside China");
    }

    [Fact]
    public async Task An_alias_shared_by_two_places_is_refused()
    {
        string alias = "", first = "", second = "";
        var error = await RefusedAsync(c => c.Edit("gazetteer/shanghai.json", g =>
        {
            var a = Place(g, 0);
            var b = Place(g, 1);
            (first, second, alias) = ((string)a["id"]!, (string)b["id"]!, (string)a["name_zh"]!);
            b["aliases"]!.AsArray().Add(alias);
        }));
        AssertProblem(error, "gazetteer/shanghai.json", first, $"duplicate alias: the name '{alias}'");
        AssertProblem(error, "gazetteer/shanghai.json", second, "duplicate alias");
    }

    [Fact]
    public async Task A_traditional_name_copied_onto_another_place_is_refused()
    {
        string id = "", traditional = "";
        var error = await RefusedAsync(c => c.Edit("gazetteer/shanghai.json", g =>
        {
            var a = Place(g, 0);
            id = (string)a["id"]!;
            traditional = (string)a["name_zht"]!;
            // the Simplified names differ, only the Traditional forms collide
            Place(g, 1)["name_zht"] = traditional;
        }));
        AssertProblem(error, "gazetteer/shanghai.json", id, $"duplicate alias: the name '{traditional}'");
    }

    [Fact]
    public async Task An_unknown_district_a_structure_member_and_a_sector_family_are_each_named()
    {
        string place = "", structure = "", sector = "";
        var error = await RefusedAsync(c =>
        {
            c.Edit("gazetteer/chongqing.json", g => { var p = Place(g, 0); place = (string)p["id"]!; p["district"] = "不存在区"; });
            c.Edit("structures.json", s => { var x = s["structures"]![0]!; structure = (string)x["id"]!; x["members"]!.AsArray().Add("sh-no-such-place"); });
            c.Edit("sectors.json", s => { var x = s["sectors"]![0]!; sector = (string)x["id"]!; x["family"] = "no-such-family"; });
        });
        AssertProblem(error, "gazetteer/chongqing.json", place, "unknown district '不存在区'");
        AssertProblem(error, "structures.json", structure, "unknown member 'sh-no-such-place'");
        AssertProblem(error, "sectors.json", sector, "unknown sector family 'no-such-family'");
    }

    [Fact]
    public async Task A_place_in_another_district_than_it_claims_is_refused_after_staging_in_postgis()
    {
        string id = "";
        var error = await RefusedAsync(c => c.Edit("gazetteer/shanghai.json", g =>
        {
            var p = Place(g, 0);
            id = (string)p["id"]!;
            p["district"] = (string)p["district"]! == "崇明区" ? "金山区" : "崇明区";
        }));
        AssertProblem(error, "gazetteer/shanghai.json", id, "not in its claimed district");
    }

    [Theory]
    [InlineData(0.004, true)]   // ~380 m out to sea: a waterfront place next to a generalised coastline, loads with a warning
    [InlineData(0.03, false)]   // ~2.9 km out: an error
    public async Task A_place_just_off_the_coast_is_a_warning_and_further_out_an_error(double degreesEast, bool loads)
    {
        using var copy = new GeodataFiles.Copy();
        string id = "";
        double x = double.MinValue, y = 0;
        copy.Edit("districts/shanghai.geojson", fc =>
        {
            // Pudong's easternmost vertex (Nanhui cape): due east of it is open sea, in no district.
            var pudong = fc["features"]!.AsArray().First(f => (string)f!["properties"]!["name_zh"]! == "浦东新区")!;
            foreach (var point in Points(pudong["geometry"]!["coordinates"]!))
                if ((double)point[0]! > x) (x, y) = ((double)point[0]!, (double)point[1]!);
        });
        copy.Edit("gazetteer/shanghai.json", g =>
        {
            var place = g["places"]!.AsArray().First(p => (string)p!["district"]! == "浦东新区")!;
            id = (string)place["id"]!;
            place["location"] = new JsonArray(Math.Round(x + degreesEast, 6), y);
        });
        if (loads)
        {
            var result = await GeodataLoader.LoadAsync(database.ConnectionString, copy.Dir, CancellationToken.None);
            Assert.Contains(result.Warnings, w => w.Record == id && w.Problem.Contains("lies in no district") && w.Problem.Contains("浦东新区"));
            await GeodataLoader.LoadAsync(database.ConnectionString, Repository.Geodata, CancellationToken.None);
        }
        else
        {
            var before = await GeodataFiles.FingerprintAsync(db);
            var error = await Assert.ThrowsAsync<GeodataException>(() => GeodataLoader.LoadAsync(database.ConnectionString, copy.Dir, CancellationToken.None));
            AssertProblem(error, "gazetteer/shanghai.json", id, "lies in no district, not in its claimed district 浦东新区 (310115)");
            Assert.Equal(before, await GeodataFiles.FingerprintAsync(db));
        }
    }

    private static IEnumerable<JsonArray> Points(JsonNode coordinates) =>
        coordinates is JsonArray { Count: > 0 } a && a[0] is JsonValue ? [a] : coordinates.AsArray().SelectMany(c => Points(c!));

    [Fact]
    public async Task A_former_district_name_resolves_to_todays_district()
    {
        using var copy = new GeodataFiles.Copy();
        string id = "", today = "", former = "";
        copy.Edit("districts/shanghai.geojson", fc =>
        {
            var district = fc["features"]!.AsArray().First(f => f!["properties"]!["aliases"]!.AsArray().Count > 0)!["properties"]!;
            (today, former) = ((string)district["name_zh"]!, (string)district["aliases"]![0]!);
        });
        copy.Edit("gazetteer/shanghai.json", g =>
        {
            var place = g["places"]!.AsArray().First(p => (string)p!["district"]! == today)!;
            id = (string)place["id"]!;
            place["district"] = former; // e.g. 闸北区, merged into 静安区 in 2015
        });
        var before = await GeodataFiles.FingerprintAsync(db);
        var result = await GeodataLoader.LoadAsync(database.ConnectionString, copy.Dir, CancellationToken.None);
        Assert.Equal(0, result.RowsChanged); // same adcode as before: nothing to write
        var after = await GeodataFiles.FingerprintAsync(db);
        Assert.Equal(before["places"], after["places"]);
        await using var cmd = db.CreateCommand($"SELECT d.\"NameZh\" FROM places p JOIN districts d ON d.\"Id\" = p.\"DistrictId\" WHERE p.\"Id\" = '{id}'");
        Assert.Equal(today, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_changed_file_updates_its_rows_and_a_removed_place_goes_unless_a_mention_refers_to_it()
    {
        using var copy = new GeodataFiles.Copy();
        string changed = "", removed = "";
        var structureMembers = new HashSet<string>();
        copy.Edit("structures.json", s => { foreach (var m in s["structures"]!.AsArray().SelectMany(x => x!["members"]!.AsArray())) structureMembers.Add((string)m!); });
        copy.Edit("structures-chongqing.json", s => { foreach (var m in s["structures"]!.AsArray().SelectMany(x => x!["members"]!.AsArray())) structureMembers.Add((string)m!); });
        copy.Edit("gazetteer/shanghai.json", g =>
        {
            var places = g["places"]!.AsArray();
            changed = (string)places[0]!["id"]!;
            places[0]!["name_en"] = "Renamed for the test";
            var victim = places.Skip(1).First(p => !structureMembers.Contains((string)p!["id"]!))!;
            removed = (string)victim["id"]!;
            places.Remove(victim);
        });

        // First a mention holds on to the place: the load must refuse to drop it.
        await using (var seed = db.CreateCommand($"""
            INSERT INTO documents ("Id","FileName","TitleZh","TitleEn","IssuingBody","Region","PeriodStart","PeriodEnd","Script","Sha256","Encoding","Text","IngestedAt")
            VALUES ('t-geo','t.txt','测','T','test','shanghai',2011,2015,'simplified','00','utf-8','某地发展集成电路。', now());
            INSERT INTO mentions ("DocumentId","PlaceId","NameAsWritten","Line","NameStart","NameEnd","QuoteStart","QuoteEnd","Quote","PeriodStart","PeriodEnd")
            VALUES ('t-geo','{removed}','某地',1,0,2,0,9,'某地发展集成电路。',2011,2015);
            """)) await seed.ExecuteNonQueryAsync();
        var before = await GeodataFiles.FingerprintAsync(db);
        var error = await Assert.ThrowsAsync<GeodataException>(() => GeodataLoader.LoadAsync(database.ConnectionString, copy.Dir, CancellationToken.None));
        AssertProblem(error, "gazetteer", removed, "removed from the files but 1 mention");
        Assert.Equal(before, await GeodataFiles.FingerprintAsync(db));

        // Without the mention it goes, and the changed record is updated.
        await using (var unseed = db.CreateCommand("DELETE FROM documents WHERE \"Id\" = 't-geo'")) await unseed.ExecuteNonQueryAsync();
        var result = await GeodataLoader.LoadAsync(database.ConnectionString, copy.Dir, CancellationToken.None);
        Assert.Equal(2, result.RowsChanged);
        await using (var check = db.CreateCommand($"SELECT (SELECT \"NameEn\" FROM places WHERE \"Id\" = '{changed}'), (SELECT count(*) FROM places WHERE \"Id\" = '{removed}')"))
        await using (var r = await check.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            Assert.Equal("Renamed for the test", r.GetString(0));
            Assert.Equal(0L, r.GetInt64(1));
        }
        // And the original files bring both back.
        var restored = await GeodataLoader.LoadAsync(database.ConnectionString, Repository.Geodata, CancellationToken.None);
        Assert.Equal(2, restored.RowsChanged);
    }
}
