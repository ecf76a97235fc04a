using ZoneMap.Core.Text;

namespace ZoneMap.Core.Gazetteer;

/// <summary>A plan's spatial structure (pole, belt, axis, core, wing, ring...) with the places that make it up.</summary>
public sealed record StructureRecord(string Id, string NameZh, IReadOnlyList<string> Aliases, string Role, string Region, IReadOnlyList<string> MemberPlaceIds);

/// <summary>
/// Structure names for matching (两极, 张江科技创新极, “双核”, 一环...) and their members, so that a place named where
/// its structure is named is tied to it, with the structure's curated role.
/// </summary>
public sealed class StructureIndex
{
    private readonly Dictionary<string, NameIndex<StructureRecord>> byRegion = new(StringComparer.Ordinal);

    public static readonly StructureIndex Empty = new([]);

    public StructureIndex(IEnumerable<StructureRecord> structures, Func<string, string>? toSimplified = null)
    {
        foreach (var s in structures)
        {
            if (!byRegion.TryGetValue(s.Region, out var index)) byRegion[s.Region] = index = new NameIndex<StructureRecord>();
            // Fewer members = more specific: it keeps a name two structures share.
            var priority = 1000 - s.MemberPlaceIds.Count;
            foreach (var name in s.Aliases.Prepend(s.NameZh)) index.Add(NormalisedText.Create(name, toSimplified).Text, s, priority);
        }
    }

    public NameIndex<StructureRecord> Names(string region) => byRegion.TryGetValue(region, out var index) ? index : new NameIndex<StructureRecord>();
}
