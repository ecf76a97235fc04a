namespace ZoneMap.Core.Features;

/// <summary>
/// The regions the plans cover under every name ZoneMap's data gives them: the gazetteer's ids (<c>shanghai</c>) and
/// the province names bulk-loaded data carries (<c>上海</c>, <c>上海市</c>). A <c>region=</c> filter means the region,
/// whichever of its names a collection stores.
/// </summary>
public static class RegionNames
{
    private static readonly string[][] SameRegion =
    [
        ["shanghai", "上海", "上海市"],
        ["chongqing", "重庆", "重庆市"],
    ];

    private static readonly Dictionary<string, string[]> NamesOf =
        SameRegion.SelectMany(names => names.Select(name => (name, names))).ToDictionary(p => p.name, p => p.names, StringComparer.Ordinal);

    /// <summary>The given names plus every other name of the same regions, each once, in a stable order.</summary>
    public static IReadOnlyList<string> WithOtherNames(IEnumerable<string> regions) =>
        regions.SelectMany(r => NamesOf.TryGetValue(r, out var names) ? names.Prepend(r) : [r]).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="name"/> is one of the cities' own Chinese names (上海, 重庆市), not a place in them.</summary>
    public static bool IsCityName(string name) => NamesOf.TryGetValue(name, out var names) && names[0] != name;

    /// <summary>Whether <paramref name="region"/> is a name of a region that <paramref name="known"/> names somehow.</summary>
    public static bool IsKnown(string region, IReadOnlySet<string> known) => WithOtherNames([region]).Any(known.Contains);
}
