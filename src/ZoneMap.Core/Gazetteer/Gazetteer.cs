using ZoneMap.Core.Features;
using ZoneMap.Core.Text;

namespace ZoneMap.Core.Gazetteer;

/// <summary>A gazetteer entry as the matcher needs it (names in zh-Hans; the text is converted to Simplified first).</summary>
public sealed record GazetteerPlace(string Id, string NameZh, string NameZht, string NameEn, IReadOnlyList<string> Aliases,
    string Kind, string Region, string? DistrictId);

/// <summary>A district or county: today's name and former names (闸北区 → 静安区).</summary>
public sealed record GazetteerDistrict(string Id, string NameZh, IReadOnlyList<string> Aliases, string Region);

/// <summary>The place a name in the text stands for.</summary>
public sealed record PlaceRef(string PlaceId, string Kind);

/// <summary>
/// Names → places for one region, for longest-match scanning. A place is found by its name and aliases; a district by
/// its name, its former names and their short forms without 区/县 (嘉定区 / 嘉定, 闸北区 / 闸北), pointing at the
/// gazetteer's kind=district record for that district. A name the gazetteer gives a place always beats a district's
/// short form (江津 the industrial park, not 江津区).
/// </summary>
public sealed class Gazetteer
{
    private const int PlaceName = 3, DistrictName = 2, DistrictShortForm = 1;
    private static readonly string[] DistrictSuffixes = ["土家族苗族自治县", "苗族土家族自治县", "土家族自治县", "自治县", "新区", "区", "县"];

    private readonly Dictionary<string, NameIndex<PlaceRef>> byRegion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GazetteerPlace> places = new(StringComparer.Ordinal);

    public Gazetteer(IEnumerable<GazetteerPlace> placeRecords, IEnumerable<GazetteerDistrict> districtRecords, Func<string, string>? toSimplified = null)
    {
        string Norm(string s) => NormalisedText.Create(s, toSimplified).Text;
        var districtPlaces = new Dictionary<string, GazetteerPlace>(StringComparer.Ordinal);
        foreach (var p in placeRecords)
        {
            places[p.Id] = p;
            var index = Index(p.Region);
            var target = new PlaceRef(p.Id, p.Kind);
            foreach (var name in p.Aliases.Prepend(p.NameZh).Append(p.NameZht)) index.Add(Norm(name), target, PlaceName);
            if (p.Kind == "district" && p.DistrictId is not null) districtPlaces.TryAdd(p.DistrictId, p);
        }
        foreach (var d in districtRecords)
        {
            if (!districtPlaces.TryGetValue(d.Id, out var place)) continue;
            var index = Index(place.Region);
            var target = new PlaceRef(place.Id, place.Kind);
            foreach (var name in d.Aliases.Prepend(d.NameZh).Select(Norm))
            {
                index.Add(name, target, DistrictName);
                if (ShortForm(name) is { } shortForm) index.Add(shortForm, target, DistrictShortForm);
            }
        }
        foreach (var p in districtPlaces.Values)
            foreach (var name in p.Aliases.Prepend(p.NameZh).Select(Norm))
                if (ShortForm(name) is { } shortForm) Index(p.Region).Add(shortForm, new PlaceRef(p.Id, p.Kind), DistrictShortForm);
    }

    public IReadOnlyCollection<string> Regions => byRegion.Keys;

    public GazetteerPlace? Place(string id) => places.GetValueOrDefault(id);

    public NameIndex<PlaceRef> Names(string region) => byRegion.TryGetValue(region, out var index) ? index : new NameIndex<PlaceRef>();

    private NameIndex<PlaceRef> Index(string region)
    {
        if (!byRegion.TryGetValue(region, out var index)) byRegion[region] = index = new NameIndex<PlaceRef>();
        return index;
    }

    /// <summary>嘉定区 → 嘉定, 浦东新区 → 浦东, 石柱土家族自治县 → 石柱; never a one-character stem or a city's own name (上海县 stays whole).</summary>
    internal static string? ShortForm(string name)
    {
        foreach (var suffix in DistrictSuffixes)
        {
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var stem = name[..^suffix.Length];
            return stem.Length >= 2 && !RegionNames.IsCityName(stem) && !stem.Contains('市') ? stem : null;
        }
        return null;
    }
}
