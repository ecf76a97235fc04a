using System.Text.Json;
using ZoneMap.Core.Gazetteer;
using ZoneMap.Core.Reading;
using ZoneMap.Core.Sectors;

namespace ZoneMap.Core.Tests.Support;

/// <summary>The checkout's geodata/ and seeds/ read straight from the files into Core records (Core tests have no database).</summary>
public static class GeodataFiles
{
    public static readonly string Root = FindRoot();
    public static string Geodata => Path.Combine(Root, "geodata");
    public static string Seeds => Path.Combine(Root, "seeds");

    public static PlanCatalog Catalog() => PlanCatalog.Load(Path.Combine(Seeds, "catalog.json"));

    public static string SeedPath(string id) => Path.Combine(Seeds, Catalog().Entries.Single(e => e.Id == id).File);

    public static List<GazetteerPlace> Places()
    {
        var districtIds = Districts().ToDictionary(d => (d.Region, d.NameZh), d => d.Id);
        var places = new List<GazetteerPlace>();
        foreach (var file in Directory.GetFiles(Path.Combine(Geodata, "gazetteer"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var region = doc.RootElement.GetProperty("region").GetString()!;
            foreach (var p in doc.RootElement.GetProperty("places").EnumerateArray())
            {
                var district = p.TryGetProperty("district", out var d) ? d.GetString() : null;
                places.Add(new GazetteerPlace(
                    p.GetProperty("id").GetString()!, p.GetProperty("name_zh").GetString()!,
                    p.TryGetProperty("name_zht", out var zht) ? zht.GetString() ?? "" : "",
                    p.TryGetProperty("name_en", out var en) ? en.GetString() ?? "" : "",
                    p.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
                    p.GetProperty("kind").GetString()!, region,
                    district is not null && districtIds.TryGetValue((region, district), out var id) ? id : null));
            }
        }
        return places;
    }

    public static List<GazetteerDistrict> Districts()
    {
        var districts = new List<GazetteerDistrict>();
        foreach (var region in new[] { "shanghai", "chongqing" })
        {
            var file = Path.Combine(Geodata, "districts", region + ".geojson");
            if (!File.Exists(file)) continue;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var p = f.GetProperty("properties");
                districts.Add(new GazetteerDistrict(p.GetProperty("id").ToString(), p.GetProperty("name_zh").GetString()!,
                    p.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [], region));
            }
        }
        return districts;
    }

    /// <summary>geodata/structures*.json; a "district:嘉定区" member is the gazetteer's district record for it.</summary>
    public static List<StructureRecord> Structures(List<GazetteerPlace> places)
    {
        var ids = Districts().ToDictionary(d => (d.Region, d.NameZh), d => d.Id);
        var districtPlaces = places.Where(p => p.Kind == "district" && p.DistrictId is not null).GroupBy(p => p.DistrictId!).ToDictionary(g => g.Key, g => g.First().Id);
        var result = new List<StructureRecord>();
        foreach (var file in Directory.GetFiles(Geodata, "structures*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var s in doc.RootElement.GetProperty("structures").EnumerateArray())
            {
                var region = s.GetProperty("region").GetString()!;
                var members = s.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Select(m =>
                    m.StartsWith("district:", StringComparison.Ordinal)
                        ? ids.TryGetValue((region, m["district:".Length..]), out var d) ? districtPlaces.GetValueOrDefault(d) : null
                        : m).OfType<string>().ToList();
                result.Add(new StructureRecord(s.GetProperty("id").GetString()!, s.GetProperty("name_zh").GetString()!,
                    s.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
                    s.GetProperty("role").GetString()!, region, members));
            }
        }
        return result;
    }

    public static List<SectorRecord> Sectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Geodata, "sectors.json")));
        return doc.RootElement.GetProperty("sectors").EnumerateArray().Select(s => new SectorRecord(
            s.GetProperty("id").GetString()!, s.GetProperty("family").GetString()!, s.GetProperty("zh").GetString()!,
            s.GetProperty("en").GetString()!, s.GetProperty("synonyms").EnumerateArray().Select(x => x.GetString()!).ToList())).ToList();
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ZoneMap.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the checkout (ZoneMap.sln) above the test binaries");
    }
}
