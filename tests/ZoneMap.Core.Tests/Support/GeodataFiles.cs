using ZoneMap.Core.Gazetteer;
using GeodataContent = ZoneMap.Core.Geodata.GeodataContent;
using GeodataReader = ZoneMap.Core.Geodata.GeodataReader;
using ZoneMap.Core.Reading;
using ZoneMap.Core.Sectors;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Core.Tests.Support;

/// <summary>
/// The checkout's geodata/ (read and checked by the production GeodataReader) and seeds/, as the Core
/// records the extraction works on (Core tests have no database: the same records the ingest builds from its tables).
/// </summary>
public static class GeodataFiles
{
    private static readonly Lazy<GeodataContent> Content = new(() => GeodataReader.Read(Repository.Geodata));

    public static string Root => Repository.Root;

    public static PlanCatalog Catalog() => PlanCatalog.Load(Path.Combine(Repository.Seeds, "catalog.json"));

    public static string SeedPath(string id) => Path.Combine(Repository.Seeds, Catalog().Entries.Single(e => e.Id == id).File);

    public static List<GazetteerPlace> Places() =>
        Content.Value.Places.Select(p => new GazetteerPlace(p.Id, p.NameZh, p.NameZht, p.NameEn, p.Aliases, p.Kind, p.Region, p.DistrictId)).ToList();

    public static List<GazetteerDistrict> Districts() =>
        Content.Value.Districts.Select(d => new GazetteerDistrict(d.Id, d.NameZh, d.Aliases, d.Region)).ToList();

    /// <summary>A structure's district member counts through the district's gazetteer record, as in the ingest.</summary>
    public static List<StructureRecord> Structures(List<GazetteerPlace> places)
    {
        var districtPlace = places.Where(p => p.Kind == "district" && p.DistrictId is not null).GroupBy(p => p.DistrictId!).ToDictionary(g => g.Key, g => g.First().Id);
        return Content.Value.Structures.Select(s => new StructureRecord(s.Id, s.NameZh, s.Aliases, s.Role, s.Region,
            s.Members.OrderBy(m => m.Ordinal).Select(m => m.PlaceId ?? (m.DistrictId is not null ? districtPlace.GetValueOrDefault(m.DistrictId) : null))
                .OfType<string>().ToList())).ToList();
    }

    public static List<SectorRecord> Sectors() =>
        Content.Value.Sectors.Select(s => new SectorRecord(s.Id, s.FamilyId, s.Zh, s.En, s.Synonyms)).ToList();
}
