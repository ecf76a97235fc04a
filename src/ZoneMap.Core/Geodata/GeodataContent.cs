using NetTopologySuite.Geometries;

namespace ZoneMap.Core.Geodata;

/// <summary>Everything geodata/ holds, checked and resolved (district names → adcodes, members → ids), ready to store.</summary>
public sealed record GeodataContent(
    IReadOnlyList<DistrictBoundary> Districts,
    IReadOnlyList<ProvinceBoundary> Provinces,
    IReadOnlyList<SectorFamilyEntry> SectorFamilies,
    IReadOnlyList<SectorEntry> Sectors,
    IReadOnlyList<PlaceEntry> Places,
    IReadOnlyList<StructureEntry> Structures,
    string ContentHash)
{
    /// <summary>Things worth a look that do not stop the load.</summary>
    public IReadOnlyList<GeodataProblem> Warnings { get; init; } = [];
}

public sealed record DistrictBoundary(
    string File, string Id, string NameZh, string NameEn, string Region, string[] Aliases, MultiPolygon Geometry, string Source);

public sealed record ProvinceBoundary(string File, string Id, string NameZh, MultiPolygon Geometry, string Source);

public sealed record SectorFamilyEntry(string Id, string Zh, string En);

public sealed record SectorEntry(string Id, string FamilyId, string Zh, string En, string[] Synonyms);

public sealed record PlaceEntry(
    string File, string Id, string NameZh, string NameZht, string NameEn, string[] Aliases, string Kind, string Region,
    string DistrictId, string DistrictName, Point Location, Geometry? Footprint, string Precision,
    string SourceNote, string? SourceUrl, string SourceDatum, bool Estimated);

public sealed record StructureEntry(
    string File, string Id, string NameZh, string NameZht, string NameEn, string[] Aliases, string Role, string Region,
    string? ParentId, string GeometryMethod, string[] Documents, string SourceQuote, IReadOnlyList<StructureMemberRef> Members);

/// <summary>One member of a structure: a gazetteer place or a whole district (exactly one of the two).</summary>
public sealed record StructureMemberRef(int Ordinal, string? PlaceId, string? DistrictId);

/// <summary>One thing wrong (or worth a warning) in geodata/: which file, which record, what.</summary>
public sealed record GeodataProblem(string File, string Record, string Problem)
{
    public override string ToString() => $"{File}: {Record}: {Problem}";
}

/// <summary>geodata/ cannot be loaded as it is; nothing was written.</summary>
public sealed class GeodataException(IReadOnlyList<GeodataProblem> problems)
    : Exception(Describe(problems))
{
    public IReadOnlyList<GeodataProblem> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<GeodataProblem> problems)
    {
        const int shown = 40;
        var lines = problems.Take(shown).Select(p => "  " + p);
        var more = problems.Count > shown ? $"\n  ... and {problems.Count - shown} more" : "";
        return $"geodata not loaded ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}; the database is unchanged):\n"
               + string.Join("\n", lines) + more;
    }
}
