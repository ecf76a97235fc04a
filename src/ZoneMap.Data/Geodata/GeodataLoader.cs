using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ZoneMap.Core.Geodata;

namespace ZoneMap.Data.Geodata;

public sealed record GeodataLoadResult(
    bool Skipped, string ContentHash, IReadOnlyDictionary<string, int> Counts, int RowsChanged,
    IReadOnlyList<GeodataProblem> Warnings, TimeSpan Elapsed)
{
    public override string ToString() => Skipped
        ? $"geodata unchanged ({ContentHash[..12]}), nothing loaded"
        : $"geodata loaded in {Elapsed.TotalSeconds:0.0} s: {string.Join(", ", Counts.Select(c => $"{c.Value} {c.Key}"))}; "
          + $"{RowsChanged} rows changed, {Warnings.Count} warning(s)";
}

/// <summary>
/// Loads geodata/ into PostGIS: reads and checks the files (ZoneMap.Core), stages them in temporary tables, checks
/// them again where PostGIS knows better (validity, point in district), derives structure geometry from the members,
/// then upserts everything in one transaction. A problem anywhere rolls the whole load back.
/// </summary>
public static class GeodataLoader
{
    /// <summary>How far (m) a coastal or port place may sit outside its district's generalised boundary.</summary>
    public const double CoastalToleranceMetres = 1000;
    /// <summary>Buffer (m) around a member point that has no footprint.</summary>
    public const double PointBufferMetres = 2000;
    /// <summary>Half-width (m) of corridors and rings.</summary>
    public const double CorridorBufferMetres = 3000;

    /// <summary>Loads only when the files differ from the last load recorded in geodata_loads (the cheap path of `serve`).</summary>
    public static async Task<GeodataLoadResult> LoadIfChangedAsync(string connectionString, string geodataDir, CancellationToken ct)
    {
        var hash = GeodataReader.ContentHash(geodataDir);
        await using var dataSource = ZoneMapDb.DataSource(connectionString);
        await using var cmd = dataSource.CreateCommand("""
            SELECT "ContentHash" FROM geodata_loads WHERE EXISTS (SELECT 1 FROM districts) ORDER BY "Id" DESC LIMIT 1
            """);
        if (await cmd.ExecuteScalarAsync(ct) as string == hash)
            return new GeodataLoadResult(true, hash, new Dictionary<string, int>(), 0, [], TimeSpan.Zero);
        return await LoadAsync(connectionString, geodataDir, ct);
    }

    public static async Task<GeodataLoadResult> LoadAsync(string connectionString, string geodataDir, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var content = GeodataReader.Read(geodataDir);
        var warnings = content.Warnings.ToList();

        await using var dataSource = ZoneMapDb.DataSource(connectionString);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "SELECT pg_advisory_xact_lock(hashtext('zonemap-geodata-load'))", ct);
        foreach (var table in Tables)
            await Exec(conn, tx, $"CREATE TEMP TABLE stage_{table.Name} (LIKE {table.Name} INCLUDING DEFAULTS) ON COMMIT DROP", ct);

        await StageAsync(conn, content, ct);

        var problems = new List<GeodataProblem>();
        problems.AddRange(await InvalidGeometriesAsync(conn, tx, content, ct));
        var (misplaced, coastal) = await PlacesOutsideTheirDistrictAsync(conn, tx, content, ct);
        problems.AddRange(misplaced);
        warnings.AddRange(coastal);
        if (problems.Count == 0)
        {
            await DeriveStructureGeometryAsync(conn, tx, ct);
            problems.AddRange(await StructuresMissingMembersAsync(conn, tx, content, ct));
            problems.AddRange(await RemovedButReferencedAsync(conn, tx, ct));
        }
        if (problems.Count > 0) throw new GeodataException(problems);

        var changed = 0;
        bool familiesChanged;
        await using (var moved = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM stage_sectors s JOIN sectors x ON x."Id" = s."Id" WHERE s."FamilyId" <> x."FamilyId")
            """, conn, tx))
            familiesChanged = (bool)(await moved.ExecuteScalarAsync(ct))!;
        try
        {
            foreach (var table in Tables) changed += await Exec(conn, tx, table.UpsertSql(), ct);
            foreach (var table in Tables.AsEnumerable().Reverse()) changed += await Exec(conn, tx, table.DeleteMissingSql(), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A table this loader does not know about still points at a removed record.
            throw new GeodataException([new("geodata/", e.TableName ?? "-", $"a removed record is still referenced: {e.MessageText} {e.Detail}")]);
        }
        // Bulk features store their sectors' families; a sector that changed family moves them (rare: a full pass).
        if (familiesChanged) await Exec(conn, tx, Bulk.BulkFeatureLoader.RefreshFamiliesSql, ct);

        var counts = new Dictionary<string, int>
        {
            ["districts"] = content.Districts.Count, ["provinces"] = content.Provinces.Count,
            ["sector families"] = content.SectorFamilies.Count, ["sectors"] = content.Sectors.Count,
            ["places"] = content.Places.Count, ["structures"] = content.Structures.Count,
            ["structure members"] = content.Structures.Sum(s => s.Members.Count),
        };
        await using (var record = new NpgsqlCommand("""
            INSERT INTO geodata_loads ("ContentHash", "LoadedAt", "Summary")
            SELECT $1, now(), $2
            WHERE $1 IS DISTINCT FROM (SELECT "ContentHash" FROM geodata_loads ORDER BY "Id" DESC LIMIT 1)
            """, conn, tx))
        {
            record.Parameters.Add(new() { Value = content.ContentHash });
            record.Parameters.Add(new() { Value = JsonSerializer.Serialize(counts) });
            await record.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new GeodataLoadResult(false, content.ContentHash, counts, changed, warnings, clock.Elapsed);
    }

    /// <summary>A table the loader owns, its columns as staged, and its key. Listed parents first.</summary>
    private sealed record Table(string Name, string[] Columns, string[] Key)
    {
        private string Quoted(IEnumerable<string> columns, string prefix = "") => string.Join(", ", columns.Select(c => $"{prefix}\"{c}\""));

        public string CopySql() => $"COPY stage_{Name} ({Quoted(Columns)}) FROM STDIN (FORMAT BINARY)";

        /// <summary>Insert new rows, update changed ones, leave identical rows untouched (so a reload writes nothing).</summary>
        public string UpsertSql()
        {
            var others = Columns.Except(Key).ToArray();
            return $"""
                INSERT INTO {Name} AS t ({Quoted(Columns)}) SELECT {Quoted(Columns)} FROM stage_{Name}
                ON CONFLICT ({Quoted(Key)}) DO UPDATE SET {string.Join(", ", others.Select(c => $"\"{c}\" = EXCLUDED.\"{c}\""))}
                WHERE ({Quoted(others, "t.")}) IS DISTINCT FROM ({Quoted(others, "EXCLUDED.")})
                """;
        }

        public string DeleteMissingSql() =>
            $"DELETE FROM {Name} t WHERE NOT EXISTS (SELECT 1 FROM stage_{Name} s WHERE {string.Join(" AND ", Key.Select(k => $"s.\"{k}\" = t.\"{k}\""))})";
    }

    private static readonly Table[] Tables =
    [
        new("districts", ["Id", "NameZh", "NameEn", "Region", "Aliases", "Geometry", "Centroid", "Source"], ["Id"]),
        new("provinces", ["Id", "NameZh", "Geometry", "Source"], ["Id"]),
        new("sector_families", ["Id", "Zh", "En"], ["Id"]),
        new("sectors", ["Id", "FamilyId", "Zh", "En", "Synonyms"], ["Id"]),
        new("places", ["Id", "NameZh", "NameZht", "NameEn", "Aliases", "Kind", "Region", "DistrictId", "Location", "Footprint",
            "Precision", "SourceNote", "SourceUrl", "SourceDatum", "Estimated"], ["Id"]),
        new("structures", ["Id", "NameZh", "NameZht", "NameEn", "Aliases", "Role", "Region", "ParentId", "GeometryMethod", "Geometry",
            "Documents", "SourceQuote"], ["Id"]),
        new("structure_members", ["StructureId", "Ordinal", "PlaceId", "DistrictId"], ["StructureId", "Ordinal"]),
    ];

    private static Table TableNamed(string name) => Tables.Single(t => t.Name == name);

    private static async Task StageAsync(NpgsqlConnection conn, GeodataContent content, CancellationToken ct)
    {
        const NpgsqlDbType TextArray = NpgsqlDbType.Array | NpgsqlDbType.Text;
        await CopyAsync(conn, "districts", content.Districts, async (w, d) =>
        {
            await w.WriteAsync(d.Id, ct); await w.WriteAsync(d.NameZh, ct); await w.WriteAsync(d.NameEn, ct); await w.WriteAsync(d.Region, ct);
            await w.WriteAsync(d.Aliases, TextArray, ct); await w.WriteAsync(d.Geometry, NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(d.Geometry.Centroid, NpgsqlDbType.Geometry, ct); await w.WriteAsync(d.Source, ct);
        }, ct);
        await CopyAsync(conn, "provinces", content.Provinces, async (w, p) =>
        {
            await w.WriteAsync(p.Id, ct); await w.WriteAsync(p.NameZh, ct);
            await w.WriteAsync(p.Geometry, NpgsqlDbType.Geometry, ct); await w.WriteAsync(p.Source, ct);
        }, ct);
        await CopyAsync(conn, "sector_families", content.SectorFamilies, async (w, f) =>
        {
            await w.WriteAsync(f.Id, ct); await w.WriteAsync(f.Zh, ct); await w.WriteAsync(f.En, ct);
        }, ct);
        await CopyAsync(conn, "sectors", content.Sectors, async (w, s) =>
        {
            await w.WriteAsync(s.Id, ct); await w.WriteAsync(s.FamilyId, ct); await w.WriteAsync(s.Zh, ct); await w.WriteAsync(s.En, ct);
            await w.WriteAsync(s.Synonyms, TextArray, ct);
        }, ct);
        await CopyAsync(conn, "places", content.Places, async (w, p) =>
        {
            await w.WriteAsync(p.Id, ct); await w.WriteAsync(p.NameZh, ct); await w.WriteAsync(p.NameZht, ct); await w.WriteAsync(p.NameEn, ct);
            await w.WriteAsync(p.Aliases, TextArray, ct); await w.WriteAsync(p.Kind, ct); await w.WriteAsync(p.Region, ct);
            await w.WriteAsync(p.DistrictId, ct); await w.WriteAsync(p.Location, NpgsqlDbType.Geometry, ct);
            if (p.Footprint is null) await w.WriteNullAsync(ct); else await w.WriteAsync(p.Footprint, NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(p.Precision, ct); await w.WriteAsync(p.SourceNote, ct);
            if (p.SourceUrl is null) await w.WriteNullAsync(ct); else await w.WriteAsync(p.SourceUrl, ct);
            await w.WriteAsync(p.SourceDatum, ct); await w.WriteAsync(p.Estimated, ct);
        }, ct);
        await CopyAsync(conn, "structures", content.Structures, async (w, s) =>
        {
            await w.WriteAsync(s.Id, ct); await w.WriteAsync(s.NameZh, ct); await w.WriteAsync(s.NameZht, ct); await w.WriteAsync(s.NameEn, ct);
            await w.WriteAsync(s.Aliases, TextArray, ct); await w.WriteAsync(s.Role, ct); await w.WriteAsync(s.Region, ct);
            if (s.ParentId is null) await w.WriteNullAsync(ct); else await w.WriteAsync(s.ParentId, ct);
            await w.WriteAsync(s.GeometryMethod, ct);
            await w.WriteNullAsync(ct); // derived from the members below, in PostGIS
            await w.WriteAsync(s.Documents, TextArray, ct); await w.WriteAsync(s.SourceQuote, ct);
        }, ct);
        await CopyAsync(conn, "structure_members", content.Structures.SelectMany(s => s.Members.Select(m => (s.Id, m))), async (w, x) =>
        {
            await w.WriteAsync(x.Id, ct); await w.WriteAsync(x.m.Ordinal, NpgsqlDbType.Integer, ct);
            if (x.m.PlaceId is null) await w.WriteNullAsync(ct); else await w.WriteAsync(x.m.PlaceId, ct);
            if (x.m.DistrictId is null) await w.WriteNullAsync(ct); else await w.WriteAsync(x.m.DistrictId, ct);
        }, ct);
    }

    private static async Task CopyAsync<T>(NpgsqlConnection conn, string table, IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(TableNamed(table).CopySql(), ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await write(importer, row);
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>PostGIS's own verdict (GEOS may differ from NTS in edge cases): every area must be ST_IsValid.</summary>
    private static async Task<List<GeodataProblem>> InvalidGeometriesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, GeodataContent content, CancellationToken ct)
    {
        var files = content.Districts.ToDictionary(d => "district:" + d.Id, d => d.File);
        foreach (var p in content.Provinces) files["province:" + p.Id] = p.File;
        foreach (var p in content.Places) files["place:" + p.Id] = p.File;
        var problems = new List<GeodataProblem>();
        await using var cmd = new NpgsqlCommand("""
            SELECT 'district:' || "Id", 'geometry', ST_IsValidReason("Geometry") FROM stage_districts WHERE NOT ST_IsValid("Geometry")
            UNION ALL
            SELECT 'province:' || "Id", 'geometry', ST_IsValidReason("Geometry") FROM stage_provinces WHERE NOT ST_IsValid("Geometry")
            UNION ALL
            SELECT 'place:' || "Id", 'footprint', ST_IsValidReason("Footprint") FROM stage_places WHERE "Footprint" IS NOT NULL AND NOT ST_IsValid("Footprint")
            """, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var key = r.GetString(0);
            problems.Add(new(files[key], key[(key.IndexOf(':') + 1)..], $"invalid {r.GetString(1)} (PostGIS ST_IsValid): {r.GetString(2)}"));
        }
        return problems;
    }

    /// <summary>
    /// Each place must lie in the district it claims (ST_Covers). Generalised coastlines and river banks cut off some
    /// real waterfront places: a place outside every district, or a port, within ~1 km of its district is a warning.
    /// </summary>
    private static async Task<(List<GeodataProblem> Errors, List<GeodataProblem> Warnings)> PlacesOutsideTheirDistrictAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, GeodataContent content, CancellationToken ct)
    {
        var places = content.Places.ToDictionary(p => p.Id);
        var districtNames = content.Districts.ToDictionary(d => d.Id, d => d.NameZh);
        var errors = new List<GeodataProblem>();
        var warnings = new List<GeodataProblem>();
        await using var cmd = new NpgsqlCommand("""
            SELECT p."Id",
                   (SELECT array_agg(d."Id" ORDER BY d."Id") FROM stage_districts d WHERE ST_Covers(d."Geometry", p."Location")),
                   ST_Distance(p."Location"::geography, c."Geometry"::geography)
            FROM stage_places p JOIN stage_districts c ON c."Id" = p."DistrictId"
            WHERE NOT ST_Covers(c."Geometry", p."Location")
            ORDER BY p."Id"
            """, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var place = places[r.GetString(0)];
            var computed = r.IsDBNull(1) ? [] : r.GetFieldValue<string[]>(1);
            var metres = r.GetDouble(2);
            var claimed = $"{place.DistrictName} ({place.DistrictId})";
            var lies = computed.Length == 0 ? "lies in no district" : "lies in " + string.Join(", ", computed.Select(id => $"{districtNames[id]} ({id})"));
            var message = $"location [{place.Location.X}, {place.Location.Y}] {lies}, not in its claimed district {claimed}: {metres:0} m outside it";
            var waterfront = computed.Length == 0 || place.Kind == "port";
            if (waterfront && metres <= CoastalToleranceMetres) warnings.Add(new(place.File, place.Id, message + " (accepted: waterfront place next to a generalised boundary)"));
            else errors.Add(new(place.File, place.Id, message));
        }
        return (errors, warnings);
    }

    /// <summary>
    /// Structure geometry comes from the members only: union of footprints (district polygons, or a 2 km disc around a
    /// point without footprint); corridor/ring: a 3 km buffer along the line through the members in order (closed for a
    /// ring); hull: the convex hull of the member shapes. Buffers are in metres on the geography.
    /// </summary>
    private static Task DeriveStructureGeometryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        Exec(conn, tx, $"""
            WITH member AS (
                {MemberShapesSql}
            ), derived AS (
                SELECT s."Id", CASE s."GeometryMethod"
                    WHEN 'union' THEN ST_Union(m.shape)
                    WHEN 'hull' THEN ST_ConvexHull(ST_Collect(m.shape))
                    WHEN 'corridor' THEN ST_Buffer(ST_MakeLine(m.point ORDER BY m."Ordinal")::geography, {CorridorBufferMetres})::geometry
                    WHEN 'ring' THEN ST_Buffer(ST_AddPoint(ST_MakeLine(m.point ORDER BY m."Ordinal"),
                                                           (array_agg(m.point ORDER BY m."Ordinal"))[1])::geography, {CorridorBufferMetres})::geometry
                END AS g
                FROM stage_structures s JOIN member m ON m."StructureId" = s."Id"
                GROUP BY s."Id", s."GeometryMethod"
            )
            UPDATE stage_structures s
            SET "Geometry" = ST_SetSRID(CASE WHEN ST_IsValid(d.g) THEN d.g ELSE ST_CollectionExtract(ST_MakeValid(d.g), 3) END, 4326)
            FROM derived d WHERE d."Id" = s."Id"
            """, ct);

    /// <summary>Each member's shape (footprint, district polygon or 2 km disc) and representative point.</summary>
    private static readonly string MemberShapesSql = $"""
        SELECT m."StructureId", m."Ordinal", COALESCE(m."PlaceId", 'district:' || m."DistrictId") AS member,
               COALESCE(p."Footprint", d."Geometry", ST_Buffer(p."Location"::geography, {PointBufferMetres})::geometry) AS shape,
               COALESCE(p."Location", ST_PointOnSurface(d."Geometry")) AS point
        FROM stage_structure_members m
        LEFT JOIN stage_places p ON p."Id" = m."PlaceId"
        LEFT JOIN stage_districts d ON d."Id" = m."DistrictId"
        """;

    private static async Task<List<GeodataProblem>> StructuresMissingMembersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, GeodataContent content, CancellationToken ct)
    {
        var files = content.Structures.ToDictionary(s => s.Id, s => s.File);
        var problems = new List<GeodataProblem>();
        await using var cmd = new NpgsqlCommand($"""
            WITH member AS ({MemberShapesSql})
            SELECT s."Id", coalesce(m.member, ''), s."Geometry" IS NULL, coalesce(ST_IsValidReason(s."Geometry"), '')
            FROM stage_structures s LEFT JOIN member m ON m."StructureId" = s."Id"
            WHERE s."Geometry" IS NULL OR NOT ST_IsValid(s."Geometry") OR NOT ST_Covers(s."Geometry", m.point)
            """, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            problems.Add(new(files[r.GetString(0)], r.GetString(0), r.GetBoolean(2)
                ? "no geometry could be derived from the members"
                : $"derived geometry ({r.GetString(3)}) does not cover member {r.GetString(1)}"));
        return problems;
    }

    /// <summary>Records gone from the files may go from the database only if no mention or fact points at them.</summary>
    private static async Task<List<GeodataProblem>> RemovedButReferencedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var problems = new List<GeodataProblem>();
        await using var cmd = new NpgsqlCommand("""
            SELECT 'gazetteer/', p."Id", 'place',
                   (SELECT count(*) FROM mentions m WHERE m."PlaceId" = p."Id") + (SELECT count(*) FROM zone_facts f WHERE f."PlaceId" = p."Id")
            FROM places p WHERE NOT EXISTS (SELECT 1 FROM stage_places s WHERE s."Id" = p."Id")
            UNION ALL
            SELECT 'structures.json', t."Id", 'structure', (SELECT count(*) FROM mentions m WHERE m."StructureId" = t."Id")
            FROM structures t WHERE NOT EXISTS (SELECT 1 FROM stage_structures s WHERE s."Id" = t."Id")
            UNION ALL
            SELECT 'sectors.json', x."Id", 'sector', (SELECT count(*) FROM zone_facts f WHERE f."SectorId" = x."Id")
            FROM sectors x WHERE NOT EXISTS (SELECT 1 FROM stage_sectors s WHERE s."Id" = x."Id")
            """, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            if (r.GetInt64(3) > 0)
                problems.Add(new(r.GetString(0), r.GetString(1),
                    $"the {r.GetString(2)} was removed from the files but {r.GetInt64(3)} mention(s)/fact(s) refer to it: restore it or re-ingest the plans first"));
        return problems;
    }

    private static async Task<int> Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
