using System.Globalization;
using NetTopologySuite.Geometries;

namespace ZoneMap.Core.Bulk;

/// <summary>A file to load is wrong somewhere; the message names the feature (1-based) and what to fix.</summary>
public sealed class BulkLoadException(string message) : Exception(message);

/// <summary>One feature as a source file gives it: its number in the file, id, scalar properties as text, all properties as JSON, geometry.</summary>
public sealed record SourceFeature(long Number, string? Id, IReadOnlyDictionary<string, string?> Values, string PropertiesJson, Geometry? Geometry);

/// <summary>One validated row of bulk_features.</summary>
public sealed record BulkRecord(string? SourceId, string Name, string Kind, string Region, string[] Sectors, int? PeriodStart, int? PeriodEnd, string PropertiesJson, Geometry Geometry);

/// <summary>
/// Source features → bulk rows: the property conventions (name, kind, region, sector or sectors as comma-separated ids,
/// period as "2021-2025" or a year) and the checks (sectors in the taxonomy, geometry in WGS-84 degrees).
/// </summary>
public sealed class BulkRecordBuilder(IReadOnlySet<string> knownSectors)
{
    public const string DefaultKind = "zone";

    public BulkRecord Build(SourceFeature f)
    {
        string Where() => $"feature {f.Number.ToString(CultureInfo.InvariantCulture)}{(f.Id is null ? "" : $" (id {f.Id})")}";
        string? Value(string key) => f.Values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var geometry = f.Geometry ?? throw new BulkLoadException($"{Where()} has no geometry.");
        if (geometry.SRID is not (4326 or 0))
            throw new BulkLoadException($"{Where()}: geometry is in SRID {geometry.SRID}; ZoneMap loads WGS-84 longitude/latitude (EPSG:4326) only — reproject first, e.g. ogr2ogr -t_srs EPSG:4326.");
        if (geometry.IsEmpty) throw new BulkLoadException($"{Where()} has an empty geometry.");
        var e = geometry.EnvelopeInternal;
        if (!(e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90))
            throw new BulkLoadException($"{Where()}: coordinates ({e.MinX:0.####}, {e.MinY:0.####})–({e.MaxX:0.####}, {e.MaxY:0.####}) are outside longitude -180..180 / latitude -90..90 (projected coordinates, or x and y swapped?).");
        if (geometry.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y)))
            throw new BulkLoadException($"{Where()} has a coordinate that is not a number.");
        geometry.SRID = 4326;

        var region = Value("region") ?? throw new BulkLoadException($"{Where()} has no region property (the province, e.g. 广东).");
        var sectors = (Value("sectors") ?? Value("sector") ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var s in sectors)
            if (!knownSectors.Contains(s))
                throw new BulkLoadException($"{Where()}: unknown sector '{s}'; sectors are the ids of geodata/sectors.json (GET /sectors lists them).");

        int? start = null, end = null;
        if (Value("period") is { } period)
        {
            var parts = period.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length is < 1 or > 2 || !parts.All(p => p.Length == 4 && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2100))
                throw new BulkLoadException($"{Where()}: period '{period}' is not a year or a plan period such as 2021-2025.");
            start = int.Parse(parts[0], CultureInfo.InvariantCulture);
            end = int.Parse(parts[^1], CultureInfo.InvariantCulture);
            if (end < start) throw new BulkLoadException($"{Where()}: period '{period}' ends before it starts.");
        }

        return new BulkRecord(f.Id ?? Value("id") ?? Value("source_id"), Value("name") ?? "", Value("kind") ?? DefaultKind, region, sectors, start, end, f.PropertiesJson, geometry);
    }
}
