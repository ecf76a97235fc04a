using Npgsql;

namespace ZoneMap.Data;

/// <summary>Feature SQL: PostGIS builds the GeoJSON, the server only streams it.</summary>
public sealed class FeatureQueries(NpgsqlDataSource db)
{
    public async Task WriteZonesAsync(Stream output, CancellationToken ct)
    {
        const string sql = """
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'::json))::text
            FROM (
              SELECT json_build_object(
                'type', 'Feature', 'id', p."Id",
                'geometry', ST_AsGeoJSON(p."Location", 6)::json,
                'properties', json_build_object('id', p."Id", 'name_zh', p."NameZh", 'name_en', p."NameEn",
                                                'kind', p."Kind", 'region', p."Region", 'precision', p."Precision")) AS f
              FROM places p ORDER BY p."Id") z
            """;
        await using var cmd = db.CreateCommand(sql);
        var json = (string?)await cmd.ExecuteScalarAsync(ct) ?? "{}";
        await using var writer = new StreamWriter(output, leaveOpen: true);
        await writer.WriteAsync(json);
    }
}
