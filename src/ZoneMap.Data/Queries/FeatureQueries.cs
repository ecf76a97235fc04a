using System.Runtime.CompilerServices;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using ZoneMap.Core.Features;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Data;

public sealed record CollectionExtent(double[]? Bbox, int? FromYear, int? ToYear);

/// <summary>The values the domain filters accept, read from the data so that an unknown value can be refused.</summary>
public sealed record FeatureVocabulary(
    IReadOnlyDictionary<string, string> SectorFamilies,
    IReadOnlySet<string> Families,
    IReadOnlySet<string> Regions,
    IReadOnlySet<string> Kinds,
    IReadOnlyList<YearRange> Periods);

/// <summary>One items page: numberMatched and the page's features as GeoJSON text, in order.</summary>
public sealed record FeaturePage(long Matched, IReadOnlyList<string> Features);

/// <summary>One feature for a file export: id, geometry and the selected properties as a JSON object.</summary>
public sealed record ExportRow(string Id, Geometry? Geometry, string PropertiesJson);

/// <summary>Feature SQL: PostGIS builds the GeoJSON, the server only streams it.</summary>
public sealed class FeatureQueries(NpgsqlDataSource db)
{
    private static string FeatureJson(FeatureSql sql) =>
        $"json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW({sql.Geometry}), 6)::json, 'properties', {sql.PropertiesJson()})::text";

    /// <summary>
    /// numberMatched. An unfiltered request on a collection with a maintained summary (bulk features) reads the count
    /// `zonemap load` stored; anything filtered is counted exactly, through the indexes its filters use.
    /// </summary>
    public async Task<long> CountAsync(FeatureSql sql, CancellationToken ct)
    {
        return await ZoneMapDb.ReadAsync(db, async conn =>
        {
            await using var cmd = sql.Command(conn, CountSql(sql));
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);
    }

    /// <summary>The SQL of <see cref="CountAsync"/> (also what the benchmark runs without the server).</summary>
    public static string CountSql(FeatureSql sql) => sql.Unfiltered && sql.Collection.StoredSummary is { } summary
        ? $"SELECT coalesce((SELECT s.count FROM ({summary}) s), 0)"
        : $"SELECT count(*) FROM {sql.CountFrom} WHERE {sql.Where}";

    /// <summary>
    /// An items page and its numberMatched. Counting and paging separately scans the matching rows twice; where the
    /// count has no cheaper source (bulk features: no lighter view, no stored count once filtered) one statement
    /// collects the matching ids once, counts them and joins back only the page's rows. Measured on 1 M features
    /// (bbox + sector, limit 100): 2 scans of about 20 ms each before, one after.
    /// </summary>
    public async Task<FeaturePage> PageAsync(FeatureSql sql, int limit, int offset, CancellationToken ct)
    {
        var features = new List<string>();
        if (!CountsWithPage(sql))
        {
            var count = await CountAsync(sql, ct);
            await foreach (var f in FeaturesAsync(sql, limit, offset, ct)) features.Add(f);
            return new FeaturePage(count, features);
        }
        long? matched = null;
        var pageSql = PageSql(sql, limit, offset);
        await ZoneMapDb.ReadAsync(db, async conn =>
        {
            features.Clear();
            matched = null;
            await using var cmd = sql.Command(conn, pageSql);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                matched = reader.GetInt64(0);
                features.Add(reader.GetString(1));
            }
            return true;
        }, ct);
        // No row on this page (nothing matches, or the offset is past the end): the count needs its own query.
        return new FeaturePage(matched ?? await CountAsync(sql, ct), features);
    }

    /// <summary>Whether <see cref="PageAsync"/> counts in the page's own statement (<see cref="PageSql"/>).</summary>
    public static bool CountsWithPage(FeatureSql sql) =>
        sql.Collection.LightSource is null && !(sql.Unfiltered && sql.Collection.StoredSummary is not null);

    /// <summary>The statements <see cref="PageAsync"/> runs for a page that has rows (what the benchmark gives PostgreSQL alone).</summary>
    public static IReadOnlyList<string> PageStatements(FeatureSql sql, int limit, int offset) =>
        CountsWithPage(sql) ? [PageSql(sql, limit, offset)] : [CountSql(sql), FeaturesSql(sql, limit, offset)];

    /// <summary>Count and page in one statement: rows of (numberMatched, feature JSON) in page order.</summary>
    public static string PageSql(FeatureSql sql, int limit, int offset)
    {
        var keys = sql.SortKeys();
        var keyColumns = keys.Select((_, i) => $"k{i}").ToList();
        return $"""
            WITH matched AS MATERIALIZED (SELECT {string.Join(", ", keys.Select((k, i) => $"{k.Column} AS k{i}"))} FROM {sql.From} WHERE {sql.Where}),
                 page AS (SELECT k{keys.Count - 1} AS id FROM matched ORDER BY {sql.Order(keyColumns)}
                          LIMIT {sql.Param(limit, NpgsqlDbType.Integer)} OFFSET {sql.Param(offset, NpgsqlDbType.Integer)})
            SELECT (SELECT count(*) FROM matched), {FeatureJson(sql)}
            FROM {sql.From} JOIN page ON page.id = t.id
            ORDER BY {sql.OrderBy()}
            """;
    }

    /// <summary>The SQL of <see cref="FeaturesAsync"/>: one GeoJSON Feature (text) per row, in page order; no limit means all.</summary>
    public static string FeaturesSql(FeatureSql sql, int? limit, int offset)
    {
        var page = limit is null ? "" : $" LIMIT {sql.Param(limit.Value, NpgsqlDbType.Integer)}";
        page += $" OFFSET {sql.Param(offset, NpgsqlDbType.Integer)}";
        return $"SELECT {FeatureJson(sql)} FROM {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy()}{page}";
    }

    private const int TileExtent = 4096;
    private const int TileBuffer = 64;
    /// <summary>The share of a tile's width its clipping buffer adds on each side (64 of 4096 units).</summary>
    public const double TileBufferFraction = (double)TileBuffer / TileExtent;

    /// <summary>Tiles of <see cref="FeatureCollectionDefinition.ThinnedTiles"/> collections below this zoom are thinned.</summary>
    public const int ThinBelowZoom = 12;
    /// <summary>Cells per tile side when thinning: at most 64 × 64 features a tile, one per 4 screen pixels.</summary>
    public const int ThinGrid = 64;

    /// <summary>
    /// The SQL of <see cref="TileAsync"/>. Every feature carries feature_count: 1, or when the tile is thinned, the
    /// number of matching features in its cell (the lowest id of each cell is drawn). Measured on 1 M features: an
    /// unthinned z5 tile over eastern China was 31 MB and took 11 s; thinned by DISTINCT ON 116 KB in 3.4 s.
    /// </summary>
    public static string TileSql(FeatureSql sql, TileAddress tile)
    {
        var envelope = $"ST_TileEnvelope({sql.Param(tile.Z, NpgsqlDbType.Integer)}, {sql.Param(tile.X, NpgsqlDbType.Integer)}, {sql.Param(tile.Y, NpgsqlDbType.Integer)})";
        var layer = sql.Param(sql.Collection.Id, NpgsqlDbType.Text);
        if (!sql.Collection.ThinnedTiles || tile.Z >= ThinBelowZoom)
            return $"""
                SELECT ST_AsMVT(mvt, {layer}, {TileExtent}, 'geom')
                FROM (SELECT ST_AsMVTGeom(ST_Transform({sql.Geometry}, 3857), {envelope}, {TileExtent}, {TileBuffer}, true) AS geom, {sql.TileColumns()}, 1 AS feature_count
                      FROM {sql.From} WHERE {sql.Where}) mvt
                WHERE mvt.geom IS NOT NULL
                """;
        // Cells in degrees of the tile's own extent (close enough to square pixels within one tile); a feature's cell
        // is that of its bounding box's south-west corner.
        var b = tile.Bounds(0);
        var west = sql.Param(b.West, NpgsqlDbType.Double);
        var south = sql.Param(b.South, NpgsqlDbType.Double);
        var cellWidth = sql.Param((b.East - b.West) / ThinGrid, NpgsqlDbType.Double);
        var cellHeight = sql.Param((b.North - b.South) / ThinGrid, NpgsqlDbType.Double);
        string MvtGeometry(string g) => $"ST_AsMVTGeom(ST_Transform({g}, 3857), {envelope}, {TileExtent}, {TileBuffer}, true)";
        // One pass groups the matching rows into cells (a hash aggregate on the bounding-box corner, no sort, no
        // properties); only each cell's representative is then fetched by id and encoded.
        return $"""
            WITH cells AS (SELECT min(t.id) AS id, count(*) AS feature_count
                           FROM {sql.From} WHERE {sql.Where}
                           GROUP BY floor((ST_XMin({sql.Geometry}) - {west}) / {cellWidth}), floor((ST_YMin({sql.Geometry}) - {south}) / {cellHeight}))
            SELECT ST_AsMVT(mvt, {layer}, {TileExtent}, 'geom')
            FROM (SELECT coalesce({MvtGeometry(sql.Geometry)}, {MvtGeometry($"ST_PointOnSurface({sql.Geometry})")}) AS geom,
                         {sql.TileColumns()}, cells.feature_count
                  FROM {sql.From} JOIN cells ON cells.id = t.id
                  WHERE t.id = ANY(ARRAY(SELECT id FROM cells))) mvt
            WHERE mvt.geom IS NOT NULL
            """;
    }

    /// <summary>
    /// One Mapbox Vector Tile (layer named after the collection) built by PostGIS; the query's bbox must be the tile's
    /// (see <see cref="TileAddress.Bounds"/>) so the spatial index picks the rows. Empty when nothing is in the tile.
    /// </summary>
    public async Task<byte[]> TileAsync(FeatureSql sql, TileAddress tile, CancellationToken ct)
    {
        var tileSql = TileSql(sql, tile);
        return await ZoneMapDb.ReadAsync(db, async conn =>
        {
            await using var cmd = sql.Command(conn, tileSql);
            return await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
        }, ct);
    }

    /// <summary>The plan PostgreSQL picks for an items page or a tile: how tests (and the benchmark) check the indexes are used.</summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(FeatureSql sql, TileAddress? tile, int limit, CancellationToken ct)
    {
        // The statement a page really runs (the last of them: the page itself, not its separate count).
        var query = tile is not null ? TileSql(sql, tile) : PageStatements(sql, limit, 0)[^1];
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = sql.Command(conn, "EXPLAIN " + query);
        var plan = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) plan.Add(reader.GetString(0));
        return plan;
    }

    /// <summary>
    /// How long an unlimited export may stream. Its statement lasts as long as the transfer (millions of rows take
    /// minutes), so the server-wide statement_timeout, meant for pages and tiles, would cut it off midway.
    /// </summary>
    public const int ExportTimeoutMs = 600_000;

    /// <summary>A whole-result export (no limit) gets <see cref="ExportTimeoutMs"/>; the pool's reset (DISCARD ALL) restores the default.</summary>
    private static async Task AllowExportAsync(NpgsqlConnection conn, NpgsqlCommand cmd, int? limit, CancellationToken ct)
    {
        if (limit is not null) return;
        await using var set = new NpgsqlCommand($"SET statement_timeout = {ExportTimeoutMs}", conn);
        await set.ExecuteNonQueryAsync(ct);
        cmd.CommandTimeout = ExportTimeoutMs / 1000 + 5;
    }

    /// <summary>One GeoJSON Feature per row, in page order; the caller streams them out as they come.</summary>
    public async IAsyncEnumerable<string> FeaturesAsync(FeatureSql sql, int? limit, int offset, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = sql.Command(conn, FeaturesSql(sql, limit, offset));
        await AllowExportAsync(conn, cmd, limit, ct);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return reader.GetString(0);
    }

    public async Task<string?> FeatureAsync(FeatureSql sql, string id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var idParam = sql.Param(id, NpgsqlDbType.Text);
        await using var cmd = sql.Command(conn, $"SELECT {FeatureJson(sql)} FROM {sql.From} WHERE t.id::text = {idParam} AND {sql.Where}");
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }

    public async IAsyncEnumerable<ExportRow> ExportRowsAsync(FeatureSql sql, int? limit, int offset, [EnumeratorCancellation] CancellationToken ct)
    {
        var page = limit is null ? "" : $" LIMIT {sql.Param(limit.Value, NpgsqlDbType.Integer)}";
        page += $" OFFSET {sql.Param(offset, NpgsqlDbType.Integer)}";
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = sql.Command(conn,
            $"SELECT t.id::text, ST_ForcePolygonCCW({sql.Geometry}), {sql.PropertiesJson()}::text FROM {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy()}{page}");
        await AllowExportAsync(conn, cmd, limit, ct);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return new ExportRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<Geometry>(1), reader.GetString(2));
    }

    /// <summary>Spatial and temporal extent. ST_Extent over the collection source: a scan, cheap at this data size.</summary>
    public async Task<CollectionExtent> ExtentAsync(FeatureCollectionDefinition collection, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // Bulk features: the extent `zonemap load` stored, never ST_Extent over millions of rows.
        await using var cmd = new NpgsqlCommand(collection.StoredSummary is { } summary
            ? $"SELECT s.xmin, s.ymin, s.xmax, s.ymax, s.from_year, s.to_year FROM (SELECT 1) one LEFT JOIN ({summary}) s ON true"
            : $"""
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), y.*
            FROM (SELECT ST_Extent(t.geom) AS e FROM ({collection.LightSource ?? collection.Source}) t) x, ({collection.TemporalExtent}) y
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        double[]? bbox = reader.IsDBNull(0) ? null : [reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)];
        return new CollectionExtent(bbox, reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    private sealed record CachedVocabulary(string Version, FeatureVocabulary Vocabulary);
    // One reference, swapped whole: concurrent requests see either the old pair or the new one, never half of each.
    private CachedVocabulary? vocabulary;

    /// <summary>The filter vocabulary, rebuilt only when the data changed (see <see cref="DataVersionAsync"/>).</summary>
    public async Task<FeatureVocabulary> VocabularyAsync(CancellationToken ct, string? knownVersion = null)
    {
        var version = knownVersion ?? await DataVersionAsync(ct);
        if (Volatile.Read(ref vocabulary) is { } cached && cached.Version == version) return cached.Vocabulary;
        var built = await ReadVocabularyAsync(ct);
        Volatile.Write(ref vocabulary, new CachedVocabulary(version, built));
        return built;
    }

    private async Task<FeatureVocabulary> ReadVocabularyAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT 'sector', "Id", "FamilyId" FROM sectors
            UNION ALL SELECT 'family', "Id", NULL FROM sector_families
            UNION ALL SELECT DISTINCT 'region', r, NULL FROM (SELECT "Region" FROM places UNION SELECT "Region" FROM districts UNION SELECT "Region" FROM documents UNION SELECT "Region" FROM structures
                                                              UNION SELECT unnest("Regions") FROM bulk_feature_stats) x(r)
            UNION ALL SELECT DISTINCT 'kind', k, NULL FROM (SELECT "Kind" FROM places UNION SELECT unnest("Kinds") FROM bulk_feature_stats) x(k)
            UNION ALL SELECT DISTINCT 'period', a::text, b::text FROM (SELECT "PeriodStart", "PeriodEnd" FROM zone_facts UNION SELECT "PeriodStart", "PeriodEnd" FROM mentions UNION SELECT "PeriodStart", "PeriodEnd" FROM documents
                                                                   UNION SELECT split_part(p, '-', 1)::int, split_part(p, '-', 2)::int FROM bulk_feature_stats, unnest("Periods") p) p(a, b)
            """;
        var sectors = new Dictionary<string, string>();
        var families = new HashSet<string>();
        var regions = new HashSet<string>();
        var kinds = new HashSet<string>();
        var periods = new List<YearRange>();
        await using var cmd = db.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var value = reader.GetString(1);
            switch (reader.GetString(0))
            {
                case "sector": sectors[value] = reader.GetString(2); break;
                case "family": families.Add(value); break;
                case "region": regions.Add(value); break;
                case "kind": kinds.Add(value); break;
                default: periods.Add(new YearRange(int.Parse(value), int.Parse(reader.GetString(2)))); break;
            }
        }
        periods.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.To.CompareTo(b.To));
        return new FeatureVocabulary(sectors, families, regions, kinds, periods);
    }

    /// <summary>
    /// A cheap fingerprint of the data for ETags and caches: the data_version row, which statement-level triggers on
    /// every served table bump in the writing transaction, so it changes exactly when committed data does.
    /// </summary>
    public async Task<string> DataVersionAsync(CancellationToken ct)
    {
        // The counter moves with every write (triggers); xmin changes when the row is rewritten, e.g. by a restore
        // that brings back an older counter.
        return await ZoneMapDb.ReadAsync(db, async conn =>
        {
            await using var cmd = new NpgsqlCommand("SELECT counter::text || '.' || xmin::text FROM data_version", conn);
            return (string)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);
    }
}
