using System.Text.Json;

namespace ZoneMap.Core.Geodata;

// The geodata/ files as written (geodata/FORMAT.md), snake_case in JSON. Every field is nullable here so that a
// missing field becomes a validation problem naming the record, not a deserialisation crash. Geometries stay raw JSON
// here and are parsed per record (GeoJSON4STJ), so a broken one is reported with the record it belongs to.

public sealed record BoundaryCollection(string? Type, List<BoundaryFeature>? Features);

public sealed record BoundaryFeature(string? Type, BoundaryProperties? Properties, JsonElement? Geometry);

/// <summary>Properties of a district feature (id = adcode); provinces.geojson may carry only <c>name</c>.</summary>
public sealed record BoundaryProperties(
    string? Id, string? Adcode, string? Name, string? NameZh, string? NameEn, string? Region, List<string>? Aliases, string? Source);

public sealed record GazetteerFile(string? Region, List<GazetteerPlaceRecord>? Places);

public sealed record GazetteerPlaceRecord(
    string? Id, string? NameZh, string? NameZht, string? NameEn, List<string>? Aliases, string? Kind, string? District,
    double[]? Location, string? Precision, JsonElement? Footprint, PlaceSource? Source, List<string>? Documents);

public sealed record PlaceSource(string? Note, string? Url, string? Datum, bool Estimated);

public sealed record StructuresFile(List<StructureRecord>? Structures);

public sealed record StructureRecord(
    string? Id, string? NameZh, string? NameZht, string? NameEn, List<string>? Aliases, string? Role, string? Region,
    List<string>? Documents, string? Parent, List<string>? Members, string? GeometryMethod, string? SourceQuote);

public sealed record SectorsFile(List<SectorFamilyRecord>? Families, List<SectorRecord>? Sectors);

public sealed record SectorFamilyRecord(string? Id, string? Zh, string? En);

public sealed record SectorRecord(string? Id, string? Family, string? Zh, string? En, List<string>? Synonyms);
