using ZoneMap.Core.Cql2;

namespace ZoneMap.Core.Features;

/// <summary>West/south/east/north in CRS84 degrees.</summary>
public sealed record BoundingBox(double West, double South, double East, double North);

/// <summary>Inclusive calendar years; plan periods are whole years, so every time filter reduces to this.</summary>
public sealed record YearRange(int From, int To)
{
    public const int OpenStart = 1;
    public const int OpenEnd = 9999;
    public override string ToString() => From == To ? $"{From}" : $"{From}-{To}";
}

public sealed record SortKey(string Property, bool Descending);

/// <summary>
/// One request to a feature collection, parsed once from the query string (or the CLI) and validated;
/// the SQL layer only ever sees this typed value, never raw user text.
/// </summary>
public sealed record FeatureQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    public required string Collection { get; init; }
    public BoundingBox? Bbox { get; init; }
    /// <summary>From <c>datetime</c>: overlaps the fact/mention period.</summary>
    public YearRange? Datetime { get; init; }
    /// <summary>From <c>period</c>: overlaps the fact/mention period.</summary>
    public YearRange? Period { get; init; }
    /// <summary>Sector or sector-family ids (OR).</summary>
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Kinds { get; init; } = [];
    public string? Text { get; init; }
    public CqlNode? Filter { get; init; }
    /// <summary>Null: every property.</summary>
    public IReadOnlyList<string>? Properties { get; init; }
    public IReadOnlyList<SortKey> SortBy { get; init; } = [];
    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
    /// <summary>Zones only: "footprint" serves the footprint (falling back to the point) instead of the location.</summary>
    public bool Footprint { get; init; }

    /// <summary>A short, file-name-safe summary of the filters, e.g. "zones_sector-nev_period-2021-2025".</summary>
    public string Describe()
    {
        var parts = new List<string> { Collection };
        if (Sectors.Count > 0) parts.Add("sector-" + string.Join('+', Sectors));
        if (Period is not null) parts.Add("period-" + Period);
        if (Datetime is not null) parts.Add("datetime-" + Datetime);
        if (Regions.Count > 0) parts.Add("region-" + string.Join('+', Regions));
        if (Kinds.Count > 0) parts.Add("kind-" + string.Join('+', Kinds));
        if (Bbox is not null) parts.Add("bbox");
        if (Text is not null) parts.Add("q");
        if (Filter is not null) parts.Add("filter");
        var name = string.Join('_', parts);
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' ? c : '-').ToArray());
        return safe.Length > 120 ? safe[..120] : safe;
    }
}
