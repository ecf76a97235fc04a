using ZoneMap.Core.Text;

namespace ZoneMap.Core.Sectors;

public sealed record SectorFamilyRecord(string Id, string Zh, string En);

public sealed record SectorRecord(string Id, string FamilyId, string Zh, string En, IReadOnlyList<string> Synonyms);

/// <summary>Sector words → sector ids, matched longest first (新能源汽车 before 新能源, 集成电路设计 before 芯片).</summary>
public sealed class SectorTaxonomy
{
    private readonly Dictionary<string, SectorRecord> sectors;

    public NameIndex<string> Names { get; } = new();

    public SectorTaxonomy(IEnumerable<SectorRecord> records, Func<string, string>? toSimplified = null)
    {
        sectors = records.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var s in sectors.Values)
            foreach (var word in s.Synonyms.Prepend(s.Zh))
                Names.Add(NormalisedText.Create(word, toSimplified).Text, s.Id, 1);
    }

    public SectorRecord? Sector(string id) => sectors.GetValueOrDefault(id);

    public IEnumerable<SectorRecord> All => sectors.Values;
}
