using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using ZoneMap.Data;
using ZoneMap.Data.Model;

namespace ZoneMap.Tests.Shared;

/// <summary>
/// The checkout's geodata/ (gazetteer, district names, sectors) into a test database, so plan ingestion can be tested on
/// the real seeds. Districts get a small square around their first coordinate: ingestion needs their names, not their
/// shapes. Once the geodata loader is merged, ZoneMap.Data.Geodata.GeodataLoader.LoadAsync(connectionString, geodataDir, ct)
/// can replace this (same tables).
/// </summary>
public static class TestGeodata
{
    private static readonly GeometryFactory Geo = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public static string Root { get; } = FindRoot();
    public static string Geodata => Path.Combine(Root, "geodata");
    public static string Seeds => Path.Combine(Root, "seeds");

    public static async Task LoadAsync(string connectionString, Func<string, bool>? keepPlace = null)
    {
        await using var db = new ZoneMapDbContext(ZoneMapDb.Options(connectionString));
        var districtIds = new Dictionary<(string Region, string Name), string>();
        foreach (var region in new[] { "shanghai", "chongqing" })
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Geodata, "districts", region + ".geojson")));
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var p = f.GetProperty("properties");
                var id = p.GetProperty("id").ToString();
                var name = p.GetProperty("name_zh").GetString()!;
                var (x, y) = FirstCoordinate(f.GetProperty("geometry").GetProperty("coordinates"));
                db.Districts.Add(new District
                {
                    Id = id, NameZh = name, NameEn = p.GetProperty("name_en").GetString()!, Region = region, Source = "test",
                    Aliases = p.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(v => v.GetString()!).ToArray() : [],
                    Geometry = Geo.CreateMultiPolygon([(Polygon)Geo.CreatePoint(new Coordinate(x, y)).Buffer(0.01, 1)]),
                    Centroid = Geo.CreatePoint(new Coordinate(x, y)),
                });
                districtIds[(region, name)] = id;
            }
        }
        foreach (var file in Directory.GetFiles(Path.Combine(Geodata, "gazetteer"), "*.json"))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            var region = doc.RootElement.GetProperty("region").GetString()!;
            foreach (var p in doc.RootElement.GetProperty("places").EnumerateArray())
            {
                var id = p.GetProperty("id").GetString()!;
                if (keepPlace is not null && !keepPlace(id)) continue;
                if (!districtIds.TryGetValue((region, p.GetProperty("district").GetString()!), out var districtId)) continue;
                var loc = p.GetProperty("location");
                db.Places.Add(new Place
                {
                    Id = id, NameZh = p.GetProperty("name_zh").GetString()!, NameZht = p.GetProperty("name_zht").GetString() ?? "",
                    NameEn = p.GetProperty("name_en").GetString() ?? "", Kind = p.GetProperty("kind").GetString()!, Region = region,
                    Aliases = p.GetProperty("aliases").EnumerateArray().Select(v => v.GetString()!).ToArray(), DistrictId = districtId,
                    Location = Geo.CreatePoint(new Coordinate(loc[0].GetDouble(), loc[1].GetDouble())),
                    Precision = p.GetProperty("precision").GetString()!, SourceNote = "test", SourceDatum = "WGS-84",
                });
            }
        }
        using (var sectors = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Geodata, "sectors.json"))))
        {
            foreach (var f in sectors.RootElement.GetProperty("families").EnumerateArray())
                db.SectorFamilies.Add(new SectorFamily { Id = f.GetProperty("id").GetString()!, Zh = f.GetProperty("zh").GetString()!, En = f.GetProperty("en").GetString()! });
            foreach (var s in sectors.RootElement.GetProperty("sectors").EnumerateArray())
                db.Sectors.Add(new Sector
                {
                    Id = s.GetProperty("id").GetString()!, FamilyId = s.GetProperty("family").GetString()!, Zh = s.GetProperty("zh").GetString()!,
                    En = s.GetProperty("en").GetString()!, Synonyms = s.GetProperty("synonyms").EnumerateArray().Select(v => v.GetString()!).ToArray(),
                });
        }
        await db.SaveChangesAsync();

        var loaded = db.Places.Local.Select(p => p.Id).ToHashSet();
        var structures = new List<Structure>();
        foreach (var file in Directory.GetFiles(Geodata, "structures*.json"))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            foreach (var s in doc.RootElement.GetProperty("structures").EnumerateArray())
            {
                var region = s.GetProperty("region").GetString()!;
                var structure = new Structure
                {
                    Id = s.GetProperty("id").GetString()!, NameZh = s.GetProperty("name_zh").GetString()!,
                    NameZht = s.TryGetProperty("name_zht", out var zht) ? zht.GetString() ?? "" : "", NameEn = s.TryGetProperty("name_en", out var en) ? en.GetString() ?? "" : "",
                    Aliases = s.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(v => v.GetString()!).ToArray() : [],
                    Role = s.GetProperty("role").GetString()!, Region = region, GeometryMethod = "union", SourceQuote = "test",
                };
                var ordinal = 0;
                foreach (var m in s.GetProperty("members").EnumerateArray().Select(v => v.GetString()!))
                {
                    if (m.StartsWith("district:", StringComparison.Ordinal))
                    {
                        if (districtIds.TryGetValue((region, m["district:".Length..]), out var d))
                            structure.Members.Add(new StructureMember { StructureId = structure.Id, Ordinal = ordinal++, DistrictId = d });
                    }
                    else if (loaded.Contains(m)) structure.Members.Add(new StructureMember { StructureId = structure.Id, Ordinal = ordinal++, PlaceId = m });
                }
                structures.Add(structure);
            }
        }
        // Parents first is not required (ParentId has no foreign key), but ids must be unique across files.
        db.Structures.AddRange(structures.DistinctBy(s => s.Id));
        await db.SaveChangesAsync();
    }

    private static (double X, double Y) FirstCoordinate(JsonElement coordinates)
    {
        var e = coordinates;
        while (e[0].ValueKind == JsonValueKind.Array) e = e[0];
        return (e[0].GetDouble(), e[1].GetDouble());
    }

    private static string FindRoot()
    {
        var home = Environment.GetEnvironmentVariable("ZONEMAP_HOME");
        if (!string.IsNullOrEmpty(home) && File.Exists(Path.Combine(home, "ZoneMap.sln"))) return home;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ZoneMap.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the checkout (ZoneMap.sln)");
    }
}
