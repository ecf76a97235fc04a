using NetTopologySuite.Geometries;

namespace ZoneMap.Data.Model;

/// <summary>A plan text from seeds/ (or any ingested file), kept whole so every quote can be checked against it.</summary>
public sealed class Document
{
    public required string Id { get; set; }
    public required string FileName { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public required string IssuingBody { get; set; }
    public required string Region { get; set; }
    public DateOnly? IssueDate { get; set; }
    public int PeriodStart { get; set; }
    public int PeriodEnd { get; set; }
    public required string Script { get; set; }
    public required string Sha256 { get; set; }
    public required string Encoding { get; set; }
    /// <summary>The decoded original text (original script, original line breaks).</summary>
    public required string Text { get; set; }
    public DateTimeOffset IngestedAt { get; set; }
    public List<Mention> Mentions { get; set; } = [];
}

public sealed class District
{
    public required string Id { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public required string Region { get; set; }
    public string[] Aliases { get; set; } = [];
    public required MultiPolygon Geometry { get; set; }
    public required Point Centroid { get; set; }
    public required string Source { get; set; }
}

/// <summary>A province-level boundary (context layer for the map; from geodata/districts/provinces.geojson).</summary>
public sealed class Province
{
    public required string Id { get; set; }
    public required string NameZh { get; set; }
    public required MultiPolygon Geometry { get; set; }
    public required string Source { get; set; }
}

/// <summary>One load of geodata/: the content hash tells `serve` whether the files changed since.</summary>
public sealed class GeodataLoad
{
    public long Id { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
    public required string Summary { get; set; }
}

/// <summary>A gazetteer entry: a real place a plan ties to industry.</summary>
public sealed class Place
{
    public required string Id { get; set; }
    public required string NameZh { get; set; }
    public required string NameZht { get; set; }
    public required string NameEn { get; set; }
    public string[] Aliases { get; set; } = [];
    public required string Kind { get; set; }
    public required string Region { get; set; }
    /// <summary>The district the gazetteer record claims.</summary>
    public required string DistrictId { get; set; }
    public District? District { get; set; }
    public required Point Location { get; set; }
    public Geometry? Footprint { get; set; }
    public required string Precision { get; set; }
    public required string SourceNote { get; set; }
    public string? SourceUrl { get; set; }
    public required string SourceDatum { get; set; }
    public bool Estimated { get; set; }
}

/// <summary>A spatial structure of a plan (pole, belt, axis, ring, core...); its geometry is derived from its members.</summary>
public sealed class Structure
{
    public required string Id { get; set; }
    public required string NameZh { get; set; }
    public required string NameZht { get; set; }
    public required string NameEn { get; set; }
    public string[] Aliases { get; set; } = [];
    public required string Role { get; set; }
    public required string Region { get; set; }
    public string? ParentId { get; set; }
    public required string GeometryMethod { get; set; }
    public Geometry? Geometry { get; set; }
    public string[] Documents { get; set; } = [];
    public required string SourceQuote { get; set; }
    public List<StructureMember> Members { get; set; } = [];
}

public sealed class StructureMember
{
    public required string StructureId { get; set; }
    public int Ordinal { get; set; }
    public string? PlaceId { get; set; }
    public string? DistrictId { get; set; }
}

public sealed class SectorFamily
{
    public required string Id { get; set; }
    public required string Zh { get; set; }
    public required string En { get; set; }
}

public sealed class Sector
{
    public required string Id { get; set; }
    public required string FamilyId { get; set; }
    public SectorFamily? Family { get; set; }
    public required string Zh { get; set; }
    public required string En { get; set; }
    public string[] Synonyms { get; set; } = [];
}

/// <summary>One occurrence of a place (or structure) in a document, with the exact sentence it came from.</summary>
public sealed class Mention
{
    public long Id { get; set; }
    public required string DocumentId { get; set; }
    public Document? Document { get; set; }
    public string? PlaceId { get; set; }
    public string? StructureId { get; set; }
    /// <summary>The name exactly as written in the original text.</summary>
    public required string NameAsWritten { get; set; }
    /// <summary>1-based line in the original file.</summary>
    public int Line { get; set; }
    /// <summary>Character offsets (UTF-16, in the decoded original text) of the name.</summary>
    public int NameStart { get; set; }
    public int NameEnd { get; set; }
    /// <summary>Offsets of the quoted sentence in the decoded original text.</summary>
    public int QuoteStart { get; set; }
    public int QuoteEnd { get; set; }
    /// <summary>The sentence in the original characters (Traditional stays Traditional).</summary>
    public required string Quote { get; set; }
    public string? Role { get; set; }
    public int PeriodStart { get; set; }
    public int PeriodEnd { get; set; }
    public List<ZoneFact> Facts { get; set; } = [];
}

/// <summary>place × sector × period × role, always tied to the mention (and so the sentence) it came from.</summary>
public sealed class ZoneFact
{
    public long Id { get; set; }
    public long MentionId { get; set; }
    public Mention? Mention { get; set; }
    public required string PlaceId { get; set; }
    public string? SectorId { get; set; }
    public int PeriodStart { get; set; }
    public int PeriodEnd { get; set; }
    public string? Role { get; set; }
}

/// <summary>
/// A bulk-loaded feature (`zonemap load`): national-scale zones, parcels and enterprise points, kept apart from the
/// gazetteer-derived places because they come from other sources and are counted in millions.
/// </summary>
public sealed class BulkFeature
{
    public long Id { get; set; }
    /// <summary>The id the source file gave the feature, if any.</summary>
    public string? SourceId { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public required string Region { get; set; }
    public string[] SectorIds { get; set; } = [];
    /// <summary>The families of <see cref="SectorIds"/>, stored at load time: a per-row lookup cost 7 s of a 1 M-row export.</summary>
    public string[] FamilyIds { get; set; } = [];
    public int? PeriodStart { get; set; }
    public int? PeriodEnd { get; set; }
    /// <summary>Every property of the source feature, as given (jsonb).</summary>
    public string? Properties { get; set; }
    public required Geometry Geom { get; set; }
}

/// <summary>
/// Count, extent and vocabulary of <see cref="BulkFeature"/>, maintained by every load (one row, Id 1), so the
/// collection page and unfiltered counts never scan millions of rows.
/// </summary>
public sealed class BulkFeatureStats
{
    public int Id { get; set; }
    public long Count { get; set; }
    public double? XMin { get; set; }
    public double? YMin { get; set; }
    public double? XMax { get; set; }
    public double? YMax { get; set; }
    public int? FromYear { get; set; }
    public int? ToYear { get; set; }
    public string[] Regions { get; set; } = [];
    public string[] Kinds { get; set; } = [];
    /// <summary>Periods as "2021-2025".</summary>
    public string[] Periods { get; set; } = [];
    public DateTimeOffset RefreshedAt { get; set; }
}
