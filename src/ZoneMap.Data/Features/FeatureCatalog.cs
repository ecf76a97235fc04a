namespace ZoneMap.Data.Features;

public enum PropertyType { String, Integer, Boolean, StringArray }

/// <summary>A property of a collection: its output name, its column in the collection's source and its type.</summary>
/// <param name="ShortName">A name of at most 10 characters for formats that need one (Shapefile), when cutting the name would not read well.</param>
public sealed record CollectionProperty(string Name, PropertyType Type, string Title, bool Queryable = true, bool Aggregated = false, string? ShortName = null)
{
    /// <summary>Source column; every collection source exposes its properties under their own names.</summary>
    public string Column => $"t.{Name}";
    public bool Sortable => Type != PropertyType.StringArray;
}

/// <summary>Which domain filters (sector, period/datetime, region, kind, q) a collection understands.</summary>
[Flags]
public enum DomainFilters { None = 0, Sector = 1, Period = 2, Region = 4, Kind = 8, Text = 16 }

/// <summary>
/// One OGC API collection: ids, titles, queryables and the SQL it is served from (pg_featureserv's "catalog" split:
/// the handlers know nothing of SQL, the SQL knows nothing of HTTP).
/// </summary>
public sealed record FeatureCollectionDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>GeoJSON geometry type for queryables/exports ("Point", "MultiPolygon", "Geometry").</summary>
    public required string GeometryType { get; init; }
    /// <summary>A SELECT exposing id, geom, every property by name, and the helper columns used by filters.</summary>
    public required string Source { get; init; }
    /// <summary>
    /// The same rows without the aggregated properties (<see cref="CollectionProperty.Aggregated"/>), for counts and
    /// extents whose filters do not need them: the aggregates are the expensive part of a large count.
    /// </summary>
    public string? LightSource { get; init; }
    public required IReadOnlyList<CollectionProperty> Properties { get; init; }
    public required DomainFilters Filters { get; init; }
    /// <summary>
    /// Filter on the facts behind a feature: "{0}" receives conditions on <c>fs.sector</c>, <c>fs.family</c>,
    /// <c>fs.period_start</c>, <c>fs.period_end</c>; a single EXISTS keeps sector and period on the same fact.
    /// </summary>
    public required string FactFilter { get; init; }
    /// <summary>Columns q matches (case-insensitive, substring); <c>t.aliases</c> (text[]) is matched too.</summary>
    public required IReadOnlyList<string> TextColumns { get; init; }
    /// <summary>min(start), max(end) years of the collection's facts: its temporal extent.</summary>
    public required string TemporalExtent { get; init; }
    /// <summary>The property a KML placemark is named by.</summary>
    public required string NameProperty { get; init; }
    /// <summary>Numeric ids (mentions) are written as JSON numbers.</summary>
    public bool NumericId { get; init; }
    /// <summary>The properties a vector tile carries besides "id" (a small subset: tiles are for drawing and labelling).</summary>
    public required IReadOnlyList<string> TileProperties { get; init; }
    /// <summary>
    /// Millions of rows: below <see cref="Queries.FeatureQueries.ThinBelowZoom"/> a tile keeps one feature per grid cell,
    /// with feature_count saying how many it stands for. Small collections always keep every feature.
    /// </summary>
    public bool ThinnedTiles { get; init; }
    /// <summary>
    /// Set when a feature's facts are columns of its own row (bulk features): sector filters become an overlap
    /// (<c>&amp;&amp;</c>, GIN-indexed) on this text[] column and periods compare <c>t.period_start</c>/<c>t.period_end</c>,
    /// instead of <see cref="FactFilter"/>'s EXISTS, which no index can serve at millions of rows.
    /// </summary>
    public string? SectorArrayColumn { get; init; }
    /// <summary>
    /// A maintained count and extent (one row: count, xmin, ymin, xmax, ymax, from_year, to_year), used for unfiltered
    /// counts and the collection's extent instead of scanning the rows.
    /// </summary>
    public string? StoredSummary { get; init; }

    public CollectionProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

public static class FeatureCatalog
{
    /// <summary>The facts of the zone <c>t</c>, one row each: sector, family, period_start, period_end.</summary>
    public const string PlaceFactRows = """
        SELECT zf."SectorId" AS sector, s."FamilyId" AS family, zf."PeriodStart" AS period_start, zf."PeriodEnd" AS period_end
        FROM zone_facts zf LEFT JOIN sectors s ON s."Id" = zf."SectorId" WHERE zf."PlaceId" = t.id
        """;

    private const string FactsOfPlace = $$"""EXISTS (SELECT 1 FROM ({{PlaceFactRows}}) fs WHERE {0})""";

    public static readonly FeatureCollectionDefinition Zones = new()
    {
        Id = "zones",
        Title = "Industrial zones",
        Description = "Every gazetteer place a plan ties to industry (at least one fact), with its sectors, periods and roles.",
        GeometryType = "Point",
        Source = """
            SELECT p."Id" AS id, p."Location" AS geom, coalesce(p."Footprint", p."Location") AS footprint,
                   p."NameZh" AS name_zh, p."NameZht" AS name_zht, p."NameEn" AS name_en, p."Aliases" AS aliases,
                   p."Kind" AS kind, p."Region" AS region, p."DistrictId" AS district,
                   f.sectors, f.families, f.periods, f.roles, p."Precision" AS precision, f.mention_count,
                   p."Estimated" AS location_estimated, p."SourceNote" AS location_source, p."SourceUrl" AS location_source_url,
                   p."SourceDatum" AS location_datum
            FROM places p
            JOIN LATERAL (
              SELECT coalesce(array_agg(DISTINCT zf."SectorId" ORDER BY zf."SectorId") FILTER (WHERE zf."SectorId" IS NOT NULL), '{}') AS sectors,
                     coalesce(array_agg(DISTINCT s."FamilyId" ORDER BY s."FamilyId") FILTER (WHERE s."FamilyId" IS NOT NULL), '{}') AS families,
                     array_agg(DISTINCT zf."PeriodStart" || '-' || zf."PeriodEnd" ORDER BY zf."PeriodStart" || '-' || zf."PeriodEnd") AS periods,
                     coalesce(array_agg(DISTINCT zf."Role" ORDER BY zf."Role") FILTER (WHERE zf."Role" IS NOT NULL), '{}') AS roles,
                     count(DISTINCT zf."MentionId")::int AS mention_count
              FROM zone_facts zf LEFT JOIN sectors s ON s."Id" = zf."SectorId"
              WHERE zf."PlaceId" = p."Id"
              HAVING count(*) > 0) f ON true
            """,
        LightSource = """
            SELECT p."Id" AS id, p."Location" AS geom, coalesce(p."Footprint", p."Location") AS footprint,
                   p."NameZh" AS name_zh, p."NameZht" AS name_zht, p."NameEn" AS name_en, p."Aliases" AS aliases,
                   p."Kind" AS kind, p."Region" AS region, p."DistrictId" AS district, p."Precision" AS precision,
                   p."Estimated" AS location_estimated, p."SourceNote" AS location_source, p."SourceUrl" AS location_source_url,
                   p."SourceDatum" AS location_datum
            FROM places p
            WHERE EXISTS (SELECT 1 FROM zone_facts zf WHERE zf."PlaceId" = p."Id")
            """,
        Properties =
        [
            new("id", PropertyType.String, "Gazetteer id"),
            new("name_zh", PropertyType.String, "Name (Simplified Chinese)"),
            new("name_zht", PropertyType.String, "Name (Traditional Chinese)"),
            new("name_en", PropertyType.String, "Name (English)"),
            new("aliases", PropertyType.StringArray, "Other names and short forms the plans use", Queryable: false),
            new("kind", PropertyType.String, "Kind of place (park, new_area, ...)"),
            new("region", PropertyType.String, "Region (province-level city)"),
            new("district", PropertyType.String, "District code"),
            new("sectors", PropertyType.StringArray, "Sector ids", Queryable: false),
            new("families", PropertyType.StringArray, "Sector family ids", Queryable: false),
            new("periods", PropertyType.StringArray, "Plan periods of the facts", Queryable: false),
            new("roles", PropertyType.StringArray, "Roles in spatial structures", Queryable: false),
            new("precision", PropertyType.String, "Location precision (site, area, district)"),
            new("mention_count", PropertyType.Integer, "Number of mentions in the plans", Aggregated: true),
            new("location_estimated", PropertyType.Boolean, "True when the location is a proxy (a station, town seat or feature inside the place), not the place's own coordinate", ShortName: "loc_estim"),
            new("location_source", PropertyType.String, "Where the location was read and how it was converted (gazetteer source note)", ShortName: "loc_source"),
            new("location_source_url", PropertyType.String, "Address of the location's source", ShortName: "loc_url"),
            new("location_datum", PropertyType.String, "Datum of the source coordinate before conversion to WGS-84 (WGS-84, GCJ-02, BD-09)", ShortName: "loc_datum"),
        ],
        Filters = DomainFilters.Sector | DomainFilters.Period | DomainFilters.Region | DomainFilters.Kind | DomainFilters.Text,
        FactFilter = FactsOfPlace,
        TextColumns = ["t.name_zh", "t.name_zht", "t.name_en", "t.id"],
        TemporalExtent = """SELECT min("PeriodStart"), max("PeriodEnd") FROM zone_facts""",
        NameProperty = "name_zh",
        TileProperties = ["name_zh", "name_zht", "name_en", "kind", "region", "sectors", "families"],
    };

    public static readonly FeatureCollectionDefinition Structures = new()
    {
        Id = "structures",
        Title = "Spatial structures",
        Description = "Poles, cores, belts and axes of the plans; geometry derived from their members.",
        GeometryType = "Geometry",
        Source = """
            SELECT s."Id" AS id,
                   coalesce(s."Geometry",
                            (SELECT ST_Collect(coalesce(p."Location", d."Centroid") ORDER BY m."Ordinal")
                             FROM structure_members m LEFT JOIN places p ON p."Id" = m."PlaceId" LEFT JOIN districts d ON d."Id" = m."DistrictId"
                             WHERE m."StructureId" = s."Id")) AS geom,
                   s."NameZh" AS name_zh, s."NameZht" AS name_zht, s."NameEn" AS name_en, s."Aliases" AS aliases,
                   s."Role" AS role, s."Region" AS region, s."ParentId" AS parent_id, s."GeometryMethod" AS geometry_method,
                   coalesce((SELECT array_agg(coalesce(m."PlaceId", m."DistrictId") ORDER BY m."Ordinal") FROM structure_members m WHERE m."StructureId" = s."Id"), '{}') AS members,
                   s."Documents" AS documents
            FROM structures s
            """,
        Properties =
        [
            new("id", PropertyType.String, "Structure id"),
            new("name_zh", PropertyType.String, "Name (Simplified Chinese)"),
            new("name_zht", PropertyType.String, "Name (Traditional Chinese)"),
            new("name_en", PropertyType.String, "Name (English)"),
            new("role", PropertyType.String, "Role (pole, core, belt, ...)"),
            new("region", PropertyType.String, "Region"),
            new("parent_id", PropertyType.String, "Parent structure id"),
            new("geometry_method", PropertyType.String, "How the geometry was derived"),
            new("members", PropertyType.StringArray, "Member place or district ids, in order", Queryable: false),
            new("documents", PropertyType.StringArray, "Documents naming the structure", Queryable: false),
        ],
        Filters = DomainFilters.Period | DomainFilters.Region | DomainFilters.Text,
        // A structure's period is the period of the plans that name it.
        FactFilter = """
            EXISTS (SELECT 1 FROM (SELECT NULL::text AS sector, NULL::text AS family, d."PeriodStart" AS period_start, d."PeriodEnd" AS period_end
                                   FROM documents d WHERE d."Id" = ANY(t.documents)) fs WHERE {0})
            """,
        TextColumns = ["t.name_zh", "t.name_zht", "t.name_en", "t.id"],
        TemporalExtent = """SELECT min(d."PeriodStart"), max(d."PeriodEnd") FROM documents d WHERE EXISTS (SELECT 1 FROM structures s WHERE d."Id" = ANY(s."Documents"))""",
        NameProperty = "name_zh",
        TileProperties = ["name_zh", "name_zht", "name_en", "role", "region"],
    };

    public static readonly FeatureCollectionDefinition Districts = new()
    {
        Id = "districts",
        Title = "Districts",
        Description = "County-level administrative boundaries, with the number of zones in each.",
        GeometryType = "MultiPolygon",
        Source = """
            SELECT d."Id" AS id, d."Geometry" AS geom, d."NameZh" AS name_zh, d."NameEn" AS name_en, d."Aliases" AS aliases, d."Region" AS region,
                   (SELECT count(*) FROM places p WHERE p."DistrictId" = d."Id" AND EXISTS (SELECT 1 FROM zone_facts zf WHERE zf."PlaceId" = p."Id"))::int AS zone_count
            FROM districts d
            """,
        Properties =
        [
            new("id", PropertyType.String, "Administrative division code"),
            new("name_zh", PropertyType.String, "Name (Simplified Chinese)"),
            new("name_en", PropertyType.String, "Name (English)"),
            new("region", PropertyType.String, "Region"),
            new("zone_count", PropertyType.Integer, "Zones in the district"),
        ],
        Filters = DomainFilters.Region | DomainFilters.Text,
        FactFilter = "false AND {0}",
        TextColumns = ["t.name_zh", "t.name_en", "t.id"],
        TemporalExtent = "SELECT NULL::int, NULL::int",
        NameProperty = "name_zh",
        TileProperties = ["name_zh", "name_en", "region", "zone_count"],
    };

    public static readonly FeatureCollectionDefinition Mentions = new()
    {
        Id = "mentions",
        Title = "Mentions",
        Description = "Every place mention in the plans, with the exact sentence, its document and line.",
        GeometryType = "Point",
        NumericId = true,
        Source = """
            SELECT m."Id" AS id, coalesce(p."Location", ST_PointOnSurface(st."Geometry")) AS geom,
                   m."PlaceId" AS place_id, m."StructureId" AS structure_id, m."NameAsWritten" AS name,
                   ARRAY[coalesce(p."NameZh", st."NameZh"), coalesce(p."NameZht", st."NameZht"), coalesce(p."NameEn", st."NameEn")] || coalesce(p."Aliases", st."Aliases", '{}') AS aliases,
                   m."DocumentId" AS document, d."TitleZh" AS document_title, m."Line" AS line, m."Quote" AS quote,
                   coalesce((SELECT array_agg(DISTINCT f."SectorId" ORDER BY f."SectorId") FROM zone_facts f WHERE f."MentionId" = m."Id" AND f."SectorId" IS NOT NULL), '{}') AS sectors,
                   m."PeriodStart" || '-' || m."PeriodEnd" AS period, m."Role" AS role,
                   coalesce(p."Region", st."Region") AS region, p."Kind" AS kind
            FROM mentions m
            JOIN documents d ON d."Id" = m."DocumentId"
            LEFT JOIN places p ON p."Id" = m."PlaceId"
            LEFT JOIN structures st ON st."Id" = m."StructureId"
            """,
        Properties =
        [
            new("place_id", PropertyType.String, "Place id"),
            new("structure_id", PropertyType.String, "Structure id (when the mention names a structure)"),
            new("name", PropertyType.String, "Name as written"),
            new("document", PropertyType.String, "Document id"),
            new("document_title", PropertyType.String, "Document title"),
            new("line", PropertyType.Integer, "1-based line in the document"),
            new("quote", PropertyType.String, "The sentence, in its original characters"),
            new("sectors", PropertyType.StringArray, "Sector ids", Queryable: false),
            new("period", PropertyType.String, "Plan period"),
            new("role", PropertyType.String, "Role in a spatial structure"),
            new("region", PropertyType.String, "Region"),
        ],
        Filters = DomainFilters.Sector | DomainFilters.Period | DomainFilters.Region | DomainFilters.Kind | DomainFilters.Text,
        FactFilter = """
            EXISTS (SELECT 1 FROM (SELECT f."SectorId" AS sector, s."FamilyId" AS family, m."PeriodStart" AS period_start, m."PeriodEnd" AS period_end
                                   FROM mentions m LEFT JOIN zone_facts f ON f."MentionId" = m."Id" LEFT JOIN sectors s ON s."Id" = f."SectorId"
                                   WHERE m."Id" = t.id) fs WHERE {0})
            """,
        TextColumns = ["t.name", "t.quote"],
        TemporalExtent = """SELECT min("PeriodStart"), max("PeriodEnd") FROM mentions""",
        NameProperty = "name",
        TileProperties = ["name", "place_id", "structure_id", "sectors", "period", "region", "kind"],
    };

    /// <summary>
    /// Bulk-loaded zones, parcels and enterprise points (`zonemap load`): millions of rows, so every filter maps to an
    /// indexed column of bulk_features and the count and extent come from bulk_feature_stats.
    /// </summary>
    public static readonly FeatureCollectionDefinition Features = new()
    {
        Id = "features",
        Title = "Bulk-loaded features",
        Description = "National-scale development zones, industrial parcels and enterprise points loaded with `zonemap load`.",
        GeometryType = "Geometry",
        NumericId = true,
        Source = """
            SELECT b."Id" AS id, b."Geom" AS geom, b."SourceId" AS source_id, b."Name" AS name, b."Kind" AS kind, b."Region" AS region,
                   b."SectorIds" AS sectors, b."FamilyIds" AS families,
                   b."PeriodStart" || '-' || b."PeriodEnd" AS period, b."PeriodStart" AS period_start, b."PeriodEnd" AS period_end,
                   ARRAY[]::text[] AS aliases
            FROM bulk_features b
            """,
        Properties =
        [
            new("source_id", PropertyType.String, "Id in the loaded file"),
            new("name", PropertyType.String, "Name"),
            new("kind", PropertyType.String, "Kind (zone, parcel, enterprise, ...)"),
            new("region", PropertyType.String, "Region (province)"),
            new("sectors", PropertyType.StringArray, "Sector ids", Queryable: false),
            new("families", PropertyType.StringArray, "Sector family ids", Queryable: false),
            new("period", PropertyType.String, "Plan period"),
            new("period_start", PropertyType.Integer, "First year of the plan period"),
            new("period_end", PropertyType.Integer, "Last year of the plan period"),
        ],
        Filters = DomainFilters.Sector | DomainFilters.Period | DomainFilters.Region | DomainFilters.Kind | DomainFilters.Text,
        FactFilter = "false AND {0}",
        SectorArrayColumn = "t.sectors",
        StoredSummary = """SELECT "Count" AS count, "XMin" AS xmin, "YMin" AS ymin, "XMax" AS xmax, "YMax" AS ymax, "FromYear" AS from_year, "ToYear" AS to_year FROM bulk_feature_stats WHERE "Id" = 1""",
        TextColumns = ["t.name", "t.source_id"],
        TemporalExtent = """SELECT "FromYear", "ToYear" FROM bulk_feature_stats WHERE "Id" = 1""",
        NameProperty = "name",
        TileProperties = ["name", "kind", "region", "sectors", "families", "period"],
        ThinnedTiles = true,
    };

    public static readonly IReadOnlyList<FeatureCollectionDefinition> All = [Zones, Structures, Districts, Mentions, Features];

    public static FeatureCollectionDefinition? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
