using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using ZoneMap.Core.Cql2;
using ZoneMap.Core.Features;
using ZoneMap.Data;
using ZoneMap.Data.Features;
using SortKey = ZoneMap.Core.Features.SortKey;

namespace ZoneMap.Api.Features.Collections;

/// <summary>A request the user can fix: it leaves as 400 problem+json with this message.</summary>
public sealed class QueryException(string message) : Exception(message);

/// <summary>
/// Parses a query string once into a typed, validated <see cref="FeatureQuery"/>. Whatever arrives (repeats,
/// control characters, huge values, unknown names) ends here as a <see cref="QueryException"/>, never deeper.
/// </summary>
public static partial class ItemsQueryParser
{
    public const int MaxTextLength = 200;
    public const int MaxValueLength = Cql2TextParser.MaxLength;
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>The raw parameters, checked against what the endpoint accepts: known names, once each, clean text.</summary>
    public static IReadOnlyDictionary<string, string> Raw(IEnumerable<KeyValuePair<string, StringValues>> query, IReadOnlyList<QueryParameter> accepted)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            var param = accepted.FirstOrDefault(p => p.Name == name);
            if (param is null)
            {
                var shown = Clean(name, "parameter name", 60);
                throw new QueryException($"Unknown query parameter '{shown}'. Accepted here: {string.Join(", ", accepted.Select(p => p.Name))}.");
            }
            if (values.Count > 1) throw new QueryException($"The parameter '{name}' is given {values.Count} times; give it once (lists are comma-separated).");
            raw[name] = Clean(values.ToString(), name, MaxValueLength);
        }
        return raw;
    }

    /// <summary>Refuses text PostgreSQL or a user could not handle: control characters (NUL...), unpaired surrogates, huge values.</summary>
    public static string Clean(string value, string name, int maxLength)
    {
        if (value.Length > maxLength) throw new QueryException($"'{Truncate(name)}' is longer than {maxLength} characters.");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c)) throw new QueryException($"'{Truncate(name)}' contains a control character (U+{(int)c:X4}).");
            if (c == '\uFFFD') throw new QueryException($"'{Truncate(name)}' is not valid UTF-8.");
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[++i])))
                throw new QueryException($"'{Truncate(name)}' is not valid Unicode text.");
        }
        return value;
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    public static FeatureQuery Parse(FeatureCollectionDefinition collection, IReadOnlyDictionary<string, string> raw, FeatureVocabulary vocabulary)
    {
        var query = new FeatureQuery
        {
            Collection = collection.Id,
            Limit = raw.TryGetValue("limit", out var limit) ? ParseLimit(limit) : FeatureQuery.DefaultLimit,
            Offset = raw.TryGetValue("offset", out var offset) ? ParseInt(offset, "offset", 0) : 0,
            Bbox = raw.TryGetValue("bbox", out var bbox) ? ParseBbox(bbox) : null,
            Datetime = raw.TryGetValue("datetime", out var datetime) ? ParseDatetime(datetime) : null,
            Properties = raw.TryGetValue("properties", out var properties) ? ParseProperties(collection, properties) : null,
            SortBy = raw.TryGetValue("sortby", out var sortby) ? ParseSortBy(collection, sortby) : [],
            Footprint = raw.TryGetValue("geometry", out var geometry) && ParseGeometry(collection, geometry),
        };
        if (raw.TryGetValue("bbox-crs", out var bboxCrs) && bboxCrs != Crs84)
            throw new QueryException($"bbox-crs '{bboxCrs}' is not supported; use {Crs84} (longitude, latitude).");
        if (raw.TryGetValue("crs", out var crs) && crs != Crs84)
            throw new QueryException($"crs '{crs}' is not supported; features are served in {Crs84} (longitude, latitude).");
        if (raw.TryGetValue("filter-crs", out var filterCrs) && filterCrs != Crs84)
            throw new QueryException($"filter-crs '{filterCrs}' is not supported; use {Crs84} (longitude, latitude).");
        if (raw.TryGetValue("filter-lang", out var lang) && lang != "cql2-text")
            throw new QueryException($"filter-lang '{lang}' is not supported; only cql2-text is.");
        if (raw.TryGetValue("filter", out var filter))
        {
            try { query = query with { Filter = Cql2TextParser.Parse(filter) }; }
            catch (CqlException e) { throw new QueryException("Invalid filter: " + e.Message); }
        }

        if (query.Datetime is not null) Require(collection, DomainFilters.Period, "datetime");
        if (raw.TryGetValue("sector", out var sector))
        {
            Require(collection, DomainFilters.Sector, "sector");
            query = query with { Sectors = Known(List(sector, "sector"), "sector", s => vocabulary.SectorFamilies.ContainsKey(s) || vocabulary.Families.Contains(s),
                vocabulary.Families.Concat(vocabulary.SectorFamilies.Keys)) };
        }
        if (raw.TryGetValue("period", out var period))
        {
            Require(collection, DomainFilters.Period, "period");
            query = query with { Period = ParsePeriod(period, vocabulary) };
        }
        if (raw.TryGetValue("region", out var region))
        {
            Require(collection, DomainFilters.Region, "region");
            query = query with { Regions = Known(List(region, "region"), "region", r => RegionNames.IsKnown(r, vocabulary.Regions), vocabulary.Regions) };
        }
        if (raw.TryGetValue("kind", out var kind))
        {
            Require(collection, DomainFilters.Kind, "kind");
            query = query with { Kinds = Known(List(kind, "kind"), "kind", vocabulary.Kinds.Contains, vocabulary.Kinds) };
        }
        if (raw.TryGetValue("q", out var text))
        {
            Require(collection, DomainFilters.Text, "q");
            text = text.Trim();
            if (text.Length == 0) throw new QueryException("q is empty; give a name to search for, e.g. q=Zhangjiang.");
            if (text.Length > MaxTextLength) throw new QueryException($"q is longer than {MaxTextLength} characters.");
            query = query with { Text = text };
        }
        return query;
    }

    private static void Require(FeatureCollectionDefinition collection, DomainFilters filter, string name)
    {
        if (!collection.Filters.HasFlag(filter))
            throw new QueryException($"The collection '{collection.Id}' has no {name} filter.");
    }

    private static List<string> List(string value, string name)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (items.Count == 0) throw new QueryException($"{name} is empty; give one or more values, comma-separated.");
        if (items.Count > 100) throw new QueryException($"{name} lists at most 100 values.");
        return items;
    }

    private static List<string> Known(List<string> values, string name, Func<string, bool> isKnown, IEnumerable<string> all)
    {
        var unknown = values.Where(v => !isKnown(v)).ToList();
        if (unknown.Count > 0)
            throw new QueryException($"Unknown {name} '{Truncate(string.Join(",", unknown))}'. Known values: {string.Join(", ", all.Order(StringComparer.Ordinal))}.");
        return values;
    }

    private static int ParseLimit(string value)
    {
        if (!BigDigits().IsMatch(value))
            throw new QueryException($"limit '{Truncate(value)}' is not a whole number; use 1 to {FeatureQuery.MaxLimit}.");
        // Anything above the maximum (however many digits) is clamped, as OGC API - Features asks.
        if (value.TrimStart('0').Length > 9) return FeatureQuery.MaxLimit;
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        if (n < 1) throw new QueryException($"limit must be at least 1 (at most {FeatureQuery.MaxLimit}).");
        return Math.Min(n, FeatureQuery.MaxLimit);
    }

    private static int ParseInt(string value, string name, int min)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min)
            throw new QueryException($"{name} '{Truncate(value)}' must be a whole number from {min} to {int.MaxValue}.");
        return n;
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex BigDigits();

    private static BoundingBox ParseBbox(string value)
    {
        var parts = value.Split(',');
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
                throw new QueryException($"bbox '{Truncate(value)}' must be 4 numbers: west,south,east,north (e.g. 121.4,31.1,121.7,31.3).");
        }
        if (numbers.Length is not (4 or 6))
            throw new QueryException($"bbox has {numbers.Length} numbers; give 4 (west,south,east,north) or 6 (with heights).");
        var (w, s, e, n) = numbers.Length == 4 ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (numbers[0], numbers[1], numbers[3], numbers[4]);
        if (w < -180 || e > 180 || s < -90 || n > 90 || w > 180 || e < -180 || s > 90 || n < -90)
            throw new QueryException("bbox is outside the world: longitudes must be -180..180 and latitudes -90..90.");
        if (s > n) throw new QueryException("bbox is inverted: south is greater than north; the order is west,south,east,north.");
        if (w > e) throw new QueryException("bbox west is greater than east; boxes across the antimeridian are not supported (order: west,south,east,north).");
        return new BoundingBox(w, s, e, n);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$")]
    private static partial Regex Rfc3339();

    private static YearRange ParseDatetime(string value)
    {
        var parts = value.Split('/');
        if (parts.Length > 2) throw new QueryException($"datetime '{Truncate(value)}' has more than one '/'; use an instant or start/end.");
        int Year(string s, string which)
        {
            if (!Rfc3339().IsMatch(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
                throw new QueryException($"datetime {which} '{Truncate(s)}' is not an RFC 3339 date or date-time (e.g. 2021-01-01 or 2021-01-01T00:00:00Z).");
            return d.Year;
        }
        if (parts.Length == 1)
        {
            if (value is ".." or "") throw new QueryException("datetime needs a date, or an interval such as 2016-01-01/2020-12-31 or ../2015-12-31.");
            var y = Year(value, "value");
            return new YearRange(y, y);
        }
        var open = (string s) => s is "" or "..";
        if (open(parts[0]) && open(parts[1])) return new YearRange(YearRange.OpenStart, YearRange.OpenEnd);
        var from = open(parts[0]) ? YearRange.OpenStart : Year(parts[0], "start");
        var to = open(parts[1]) ? YearRange.OpenEnd : Year(parts[1], "end");
        if (!open(parts[0]) && !open(parts[1]) && string.CompareOrdinal(Normalize(parts[0]), Normalize(parts[1])) > 0)
            throw new QueryException($"datetime interval '{Truncate(value)}' ends before it starts.");
        return new YearRange(from, to);
    }

    private static string Normalize(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).ToString("O", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d{4})(?:-(\d{4}))?$")]
    private static partial Regex PeriodPattern();

    private static YearRange ParsePeriod(string value, FeatureVocabulary vocabulary)
    {
        var known = string.Join(", ", vocabulary.Periods.Select(p => p.ToString()));
        var m = PeriodPattern().Match(value);
        if (!m.Success) throw new QueryException($"period '{Truncate(value)}' must be a plan period such as 2021-2025 or a year such as 2023. Known periods: {known}.");
        var from = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var to = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : from;
        if (to < from) throw new QueryException($"period '{value}' ends before it starts.");
        var range = new YearRange(from, to);
        var isKnown = m.Groups[2].Success ? vocabulary.Periods.Contains(range) : vocabulary.Periods.Any(p => p.From <= from && from <= p.To);
        if (!isKnown) throw new QueryException($"Unknown period '{value}'. Known periods: {known}.");
        return range;
    }

    private static List<string> ParseProperties(FeatureCollectionDefinition collection, string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var unknown = names.Where(n => collection.Property(n) is null).ToList();
        if (unknown.Count > 0)
            throw new QueryException($"Unknown property '{Truncate(string.Join(",", unknown))}' in properties; {collection.Id} has: {string.Join(", ", collection.Properties.Select(p => p.Name))}.");
        return names;
    }

    private static List<SortKey> ParseSortBy(FeatureCollectionDefinition collection, string value)
    {
        var keys = new List<SortKey>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var descending = item.StartsWith('-');
            var name = item.TrimStart('+', '-', ' ');
            var property = collection.Property(name);
            if (property is null || !property.Sortable)
                throw new QueryException($"Cannot sort by '{Truncate(name)}'; sortable properties of {collection.Id}: {string.Join(", ", collection.Properties.Where(p => p.Sortable).Select(p => p.Name))}.");
            keys.Add(new SortKey(name, descending));
        }
        if (keys.Count == 0) throw new QueryException("sortby is empty; give properties such as sortby=-mention_count,name_en.");
        return keys;
    }

    private static bool ParseGeometry(FeatureCollectionDefinition collection, string value) => value switch
    {
        "location" => false,
        "footprint" when collection == FeatureCatalog.Zones => true,
        "footprint" => throw new QueryException($"geometry=footprint is only available for zones, not {collection.Id}."),
        _ => throw new QueryException($"geometry '{Truncate(value)}' is unknown; use location or footprint."),
    };
}
