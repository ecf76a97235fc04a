using Npgsql;

namespace ZoneMap.Data;

// STAND-IN (webmap branch only): a minimal version of the OGC API – Features queries, enough for the web map's
// browser tests over SampleData. The ogcapi branch's FeatureQueries replaces this whole file at merge.

/// <summary>Filters of the feature collections, as parsed from the query string.</summary>
public sealed record FeatureFilter(
    string[]? Sectors = null, int? PeriodStart = null, int? PeriodEnd = null, string? Region = null,
    string? Kind = null, string? Q = null, int Limit = 1000, int Offset = 0);

/// <summary>One page of features (each a GeoJSON Feature as JSON text) and how many matched in all.</summary>
public sealed record FeaturePage(IReadOnlyList<string> Features, long NumberMatched);

/// <summary>Feature SQL: PostGIS builds each GeoJSON feature, the server only frames and streams them.</summary>
public sealed class FeatureQueries(NpgsqlDataSource db)
{
    private const string FactFilter = """
        (@sectors::text[] IS NULL OR f."SectorId" = ANY(@sectors))
        AND (@pstart::int IS NULL OR (f."PeriodStart" = @pstart AND f."PeriodEnd" = @pend))
        """;

    public Task<FeaturePage> ZonesAsync(FeatureFilter filter, CancellationToken ct) => PageAsync($$"""
        SELECT json_build_object('type', 'Feature', 'id', p."Id",
          'geometry', ST_AsGeoJSON(coalesce(p."Footprint", p."Location"), 6)::json,
          'properties', json_build_object('id', p."Id", 'name_zh', p."NameZh", 'name_zht', p."NameZht", 'name_en', p."NameEn",
            'kind', p."Kind", 'region', p."Region", 'district', p."DistrictId", 'precision', p."Precision",
            'sectors', coalesce((SELECT json_agg(DISTINCT f."SectorId") FROM zone_facts f WHERE f."PlaceId" = p."Id" AND f."SectorId" IS NOT NULL AND {{FactFilter}}), '[]'),
            'families', coalesce((SELECT json_agg(DISTINCT s."FamilyId") FROM zone_facts f JOIN sectors s ON s."Id" = f."SectorId" WHERE f."PlaceId" = p."Id" AND {{FactFilter}}), '[]'),
            'periods', coalesce((SELECT json_agg(DISTINCT f."PeriodStart" || '-' || f."PeriodEnd") FROM zone_facts f WHERE f."PlaceId" = p."Id" AND {{FactFilter}}), '[]'),
            'roles', coalesce((SELECT json_agg(DISTINCT f."Role") FROM zone_facts f WHERE f."PlaceId" = p."Id" AND f."Role" IS NOT NULL AND {{FactFilter}}), '[]'),
            'mention_count', (SELECT count(*) FROM mentions m WHERE m."PlaceId" = p."Id")))::text AS feature,
          count(*) OVER () AS matched
        FROM places p
        WHERE (@region::text IS NULL OR p."Region" = @region)
          AND (@kind::text IS NULL OR p."Kind" = @kind)
          AND (@q::text IS NULL OR p."Id" = @q OR p."NameZh" ILIKE '%' || @q || '%' OR p."NameZht" ILIKE '%' || @q || '%'
               OR p."NameEn" ILIKE '%' || @q || '%' OR EXISTS (SELECT 1 FROM unnest(p."Aliases") a WHERE a ILIKE '%' || @q || '%'))
          AND ((@sectors::text[] IS NULL AND @pstart::int IS NULL)
               OR EXISTS (SELECT 1 FROM zone_facts f WHERE f."PlaceId" = p."Id" AND {{FactFilter}}))
        ORDER BY p."Id" LIMIT @limit OFFSET @offset
        """, filter, ct);

    public Task<FeaturePage> MentionsAsync(FeatureFilter filter, CancellationToken ct) => PageAsync($$"""
        SELECT json_build_object('type', 'Feature', 'id', m."Id",
          'geometry', ST_AsGeoJSON(p."Location", 6)::json,
          'properties', json_build_object('id', m."Id", 'place_id', m."PlaceId", 'name', m."NameAsWritten", 'document', m."DocumentId",
            'document_title', d."TitleZh", 'line', m."Line", 'quote', m."Quote", 'role', m."Role",
            'period', m."PeriodStart" || '-' || m."PeriodEnd",
            'sectors', coalesce((SELECT json_agg(DISTINCT f."SectorId") FROM zone_facts f WHERE f."MentionId" = m."Id" AND f."SectorId" IS NOT NULL), '[]')))::text,
          count(*) OVER ()
        FROM mentions m JOIN documents d ON d."Id" = m."DocumentId" LEFT JOIN places p ON p."Id" = m."PlaceId"
        WHERE (@region::text IS NULL OR d."Region" = @region)
          AND (@kind::text IS NULL OR p."Kind" = @kind)
          AND (@q::text IS NULL OR m."PlaceId" = @q OR m."Quote" ILIKE '%' || @q || '%' OR m."NameAsWritten" ILIKE '%' || @q || '%')
          AND (@pstart::int IS NULL OR (m."PeriodStart" = @pstart AND m."PeriodEnd" = @pend))
          AND (@sectors::text[] IS NULL OR EXISTS (SELECT 1 FROM zone_facts f WHERE f."MentionId" = m."Id" AND f."SectorId" = ANY(@sectors)))
        ORDER BY m."Id" LIMIT @limit OFFSET @offset
        """, filter, ct);

    public Task<FeaturePage> DistrictsAsync(FeatureFilter filter, CancellationToken ct) => PageAsync("""
        SELECT json_build_object('type', 'Feature', 'id', d."Id",
          'geometry', ST_AsGeoJSON(d."Geometry", 6)::json,
          'properties', json_build_object('id', d."Id", 'name_zh', d."NameZh", 'name_en', d."NameEn", 'region', d."Region",
            'zone_count', (SELECT count(*) FROM places p WHERE p."DistrictId" = d."Id")))::text,
          count(*) OVER ()
        FROM districts d
        WHERE (@region::text IS NULL OR d."Region" = @region)
          AND (@q::text IS NULL OR d."NameZh" ILIKE '%' || @q || '%' OR d."NameEn" ILIKE '%' || @q || '%')
          AND (@sectors::text[] IS NULL OR TRUE) AND (@pstart::int IS NULL OR TRUE) AND (@kind::text IS NULL OR TRUE)
        ORDER BY d."Id" LIMIT @limit OFFSET @offset
        """, filter, ct);

    public Task<FeaturePage> StructuresAsync(FeatureFilter filter, CancellationToken ct) => PageAsync("""
        SELECT json_build_object('type', 'Feature', 'id', s."Id",
          'geometry', ST_AsGeoJSON(s."Geometry", 6)::json,
          'properties', json_build_object('id', s."Id", 'name_zh', s."NameZh", 'name_en', s."NameEn", 'role', s."Role",
            'members', coalesce((SELECT json_agg(coalesce(sm."PlaceId", sm."DistrictId") ORDER BY sm."Ordinal") FROM structure_members sm WHERE sm."StructureId" = s."Id"), '[]')))::text,
          count(*) OVER ()
        FROM structures s
        WHERE (@region::text IS NULL OR s."Region" = @region)
          AND (@q::text IS NULL OR s."NameZh" ILIKE '%' || @q || '%' OR s."NameEn" ILIKE '%' || @q || '%')
          AND (@sectors::text[] IS NULL OR TRUE) AND (@pstart::int IS NULL OR TRUE) AND (@kind::text IS NULL OR TRUE)
        ORDER BY s."Id" LIMIT @limit OFFSET @offset
        """, filter, ct);

    /// <summary>The sector taxonomy with, for each family and sector, how many zones carry it.</summary>
    public async Task<string> SectorsJsonAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT json_build_object(
              'families', (SELECT coalesce(json_agg(json_build_object('id', sf."Id", 'zh', sf."Zh", 'en', sf."En",
                  'count', (SELECT count(DISTINCT f."PlaceId") FROM zone_facts f JOIN sectors s ON s."Id" = f."SectorId" WHERE s."FamilyId" = sf."Id")) ORDER BY sf."Id"), '[]')
                FROM sector_families sf),
              'sectors', (SELECT coalesce(json_agg(json_build_object('id', s."Id", 'family', s."FamilyId", 'zh', s."Zh", 'en', s."En",
                  'count', (SELECT count(DISTINCT f."PlaceId") FROM zone_facts f WHERE f."SectorId" = s."Id")) ORDER BY s."FamilyId", s."Id"), '[]')
                FROM sectors s))::text
            """;
        await using var cmd = db.CreateCommand(sql);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>One document with its whole text, or null when there is none with that id.</summary>
    public async Task<string?> DocumentJsonAsync(string id, CancellationToken ct)
    {
        const string sql = """
            SELECT json_build_object('id', d."Id", 'title_zh', d."TitleZh", 'title_en', d."TitleEn", 'region', d."Region",
              'period_start', d."PeriodStart", 'period_end', d."PeriodEnd", 'script', d."Script", 'text', d."Text")::text
            FROM documents d WHERE d."Id" = @id
            """;
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue("id", id);
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }

    private async Task<FeaturePage> PageAsync(string sql, FeatureFilter filter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter<string[]?>("sectors", filter.Sectors is { Length: > 0 } ? filter.Sectors : null) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<int?>("pstart", filter.PeriodStart) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter<int?>("pend", filter.PeriodEnd) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter<string?>("region", filter.Region) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string?>("kind", filter.Kind) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string?>("q", filter.Q) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue("limit", filter.Limit);
        cmd.Parameters.AddWithValue("offset", filter.Offset);
        var features = new List<string>();
        long matched = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            features.Add(reader.GetString(0));
            matched = reader.GetInt64(1);
        }
        return new FeaturePage(features, matched);
    }
}
