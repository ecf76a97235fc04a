using System.Text.Json.Nodes;

namespace ZoneMap.Api.Features.Collections;

/// <summary>A query parameter the feature endpoints accept; the parser and the OpenAPI document both read this list.</summary>
public sealed record QueryParameter(string Name, string Description, Func<JsonObject> Schema, bool Shared = false, bool Explode = false);

public static class QueryParameters
{
    public static readonly QueryParameter Format = new("f", "Response format: json (default), geojson or html.",
        () => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "geojson", "html") }, Shared: true);

    public static readonly QueryParameter Limit = new("limit",
        $"Features per page (1 to {Core.Features.FeatureQuery.MaxLimit}; larger values are clamped).",
        () => new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = Core.Features.FeatureQuery.MaxLimit, ["default"] = Core.Features.FeatureQuery.DefaultLimit },
        Shared: true);

    public static readonly QueryParameter Offset = new("offset", "Features to skip (paging).",
        () => new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["default"] = 0 }, Shared: true);

    public static readonly QueryParameter Bbox = new("bbox", "west,south,east,north in CRS84 degrees; features intersecting it.",
        () => new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 6, ["items"] = new JsonObject { ["type"] = "number" } }, Shared: true);

    public static readonly QueryParameter BboxCrs = new("bbox-crs", "Only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported.",
        () => new JsonObject { ["type"] = "string", ["format"] = "uri" }, Shared: true);

    public static readonly QueryParameter Crs = new("crs", "Only http://www.opengis.net/def/crs/OGC/1.3/CRS84 (longitude, latitude) is served.",
        () => new JsonObject { ["type"] = "string", ["format"] = "uri" }, Shared: true);

    public static readonly QueryParameter Datetime = new("datetime",
        "An RFC 3339 date/date-time or interval (start/end, '..' open); selects features whose plan period (whole years, Jan 1 to Dec 31) overlaps it.",
        () => new JsonObject { ["type"] = "string" }, Shared: true);

    public static readonly QueryParameter Properties = new("properties", "Comma-separated properties to return.",
        () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, Shared: true);

    public static readonly QueryParameter SortBy = new("sortby", "Comma-separated properties, each with an optional + (ascending) or - (descending).",
        () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[+-]?[a-z_]+$" } }, Shared: true);

    public static readonly QueryParameter Sector = new("sector", "Sector or sector-family ids, comma-separated (OR); a family matches its sectors.",
        () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, Shared: true);

    public static readonly QueryParameter Period = new("period", "A plan period (e.g. 2021-2025) or a year; features whose period overlaps it.",
        () => new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{4}(-[0-9]{4})?$" }, Shared: true);

    public static readonly QueryParameter Region = new("region", "Region ids, comma-separated (OR), e.g. shanghai.",
        () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, Shared: true);

    public static readonly QueryParameter Kind = new("kind", "Place kinds, comma-separated (OR), e.g. park.",
        () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, Shared: true);

    public static readonly QueryParameter Text = new("q", "Name search: Simplified, Traditional, English or alias, case-insensitive substring.",
        () => new JsonObject { ["type"] = "string", ["maxLength"] = ItemsQueryParser.MaxTextLength }, Shared: true);

    public static readonly QueryParameter Filter = new("filter", "A CQL2-text filter over the queryables (comparisons, AND/OR/NOT, IN, LIKE, BETWEEN, IS NULL, S_INTERSECTS and the other S_* functions with WKT).",
        () => new JsonObject { ["type"] = "string" }, Shared: true);

    public static readonly QueryParameter FilterLang = new("filter-lang", "Only cql2-text.",
        () => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("cql2-text"), ["default"] = "cql2-text" }, Shared: true);

    public static readonly QueryParameter FilterCrs = new("filter-crs", "Only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported.",
        () => new JsonObject { ["type"] = "string", ["format"] = "uri" }, Shared: true);

    public static readonly QueryParameter Geometry = new("geometry", "zones only: location (default, a point) or footprint (the outline where known).",
        () => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("location", "footprint"), ["default"] = "location" }, Shared: true);

    public static readonly QueryParameter ExportFormat = new("format", "File format.",
        () => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("geojson", "csv", "kml", "gpkg", "shp") });

    public static readonly QueryParameter ExportCollection = new("collection", "Collection to export (default zones).",
        () => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Data.Features.FeatureCatalog.All.Select(c => (JsonNode)c.Id).ToArray()), ["default"] = "zones" });

    /// <summary>Everything /collections/{id}/items accepts.</summary>
    public static readonly IReadOnlyList<QueryParameter> Items =
        [Format, Bbox, BboxCrs, Crs, Datetime, Limit, Offset, Properties, SortBy, Sector, Period, Region, Kind, Text, Filter, FilterLang, FilterCrs, Geometry];

    /// <summary>/sectors: the zones filters its counts follow (every filter but the sector itself, which they count by).</summary>
    public static readonly IReadOnlyList<QueryParameter> SectorCounts =
        [Bbox, BboxCrs, Datetime, Period, Region, Kind, Text, Filter, FilterLang, FilterCrs];

    /// <summary>/collections/{id}/tiles/{z}/{x}/{y}: the items filters; the tile is the bbox, and paging, sorting and properties do not apply.</summary>
    public static readonly IReadOnlyList<QueryParameter> Tiles =
        [Datetime, Sector, Period, Region, Kind, Text, Filter, FilterLang, FilterCrs, Geometry];

    /// <summary>/collections/{id}/items/{featureId}.</summary>
    public static readonly IReadOnlyList<QueryParameter> Item = [Format, Crs, Properties, Geometry];

    /// <summary>/export: the items filters without paging/format, plus the file format and collection.</summary>
    public static readonly IReadOnlyList<QueryParameter> Export =
        [ExportFormat, ExportCollection, Bbox, BboxCrs, Crs, Datetime, Limit, Offset, Properties, SortBy, Sector, Period, Region, Kind, Text, Filter, FilterLang, FilterCrs, Geometry];

    public static readonly IReadOnlyList<QueryParameter> FormatOnly = [Format];
}
