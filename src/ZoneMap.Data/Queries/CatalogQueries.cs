using Npgsql;

namespace ZoneMap.Data;

/// <summary>Documents and the sector taxonomy, as JSON built by PostgreSQL.</summary>
public sealed class CatalogQueries(NpgsqlDataSource db)
{
    private const string DocumentFields = """
        'id', d."Id", 'file_name', d."FileName", 'title_zh', d."TitleZh", 'title_en', d."TitleEn", 'issuing_body', d."IssuingBody",
        'region', d."Region", 'issue_date', d."IssueDate", 'period', d."PeriodStart" || '-' || d."PeriodEnd",
        'period_start', d."PeriodStart", 'period_end', d."PeriodEnd", 'script', d."Script", 'sha256', d."Sha256", 'encoding', d."Encoding",
        'ingested_at', d."IngestedAt", 'mention_count', (SELECT count(*) FROM mentions m WHERE m."DocumentId" = d."Id"),
        'length', length(d."Text")
        """;

    public async Task<string> DocumentsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT json_build_object('documents', coalesce(json_agg(json_build_object({DocumentFields}) ORDER BY d."Id"), '[]'))::text FROM documents d
            """);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<string?> DocumentAsync(string id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""SELECT json_build_object({DocumentFields}, 'text', d."Text")::text FROM documents d WHERE d."Id" = $1""");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }

    public async Task<string> SectorsAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT json_build_object('families', coalesce(json_agg(json_build_object(
                     'id', f."Id", 'zh', f."Zh", 'en', f."En",
                     'zone_count', (SELECT count(DISTINCT zf."PlaceId") FROM zone_facts zf JOIN sectors s ON s."Id" = zf."SectorId" WHERE s."FamilyId" = f."Id"),
                     'sectors', (SELECT coalesce(json_agg(json_build_object(
                                   'id', s."Id", 'zh', s."Zh", 'en', s."En", 'synonyms', s."Synonyms",
                                   'fact_count', (SELECT count(*) FROM zone_facts zf WHERE zf."SectorId" = s."Id"),
                                   'zone_count', (SELECT count(DISTINCT zf."PlaceId") FROM zone_facts zf WHERE zf."SectorId" = s."Id"))
                                 ORDER BY s."Id"), '[]') FROM sectors s WHERE s."FamilyId" = f."Id"))
                   ORDER BY f."Id"), '[]'))::text
            FROM sector_families f
            """;
        await using var cmd = db.CreateCommand(sql);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
