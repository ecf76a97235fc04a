using Npgsql;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Data;

/// <summary>Documents and the sector taxonomy (with zone counts under the zones filters), as JSON built by PostgreSQL.</summary>
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

    /// <summary>
    /// The taxonomy with, per family and sector, the zones (and, per sector, the facts) among those <paramref name="zones"/>
    /// selects: a zone counts under a sector when it has a fact of that sector in the period asked for. Without
    /// filters these are the totals.
    /// </summary>
    public async Task<string> SectorsAsync(FeatureSql zones, CancellationToken ct)
    {
        var sql = $"""
            WITH counts AS (
              SELECT GROUPING(fs.sector) = 1 AS is_family, coalesce(fs.sector, fs.family) AS id, count(DISTINCT t.id) AS zones, count(*) AS facts
              FROM {zones.CountFrom} JOIN LATERAL ({FeatureCatalog.PlaceFactRows}) fs ON {zones.FactPeriod}
              WHERE ({zones.Where}) AND fs.sector IS NOT NULL
              GROUP BY GROUPING SETS ((fs.family, fs.sector), (fs.family)))
            SELECT json_build_object('families', coalesce(json_agg(json_build_object(
                     'id', f."Id", 'zh', f."Zh", 'en', f."En",
                     'zone_count', coalesce((SELECT c.zones FROM counts c WHERE c.is_family AND c.id = f."Id"), 0),
                     'sectors', (SELECT coalesce(json_agg(json_build_object(
                                   'id', s."Id", 'zh', s."Zh", 'en', s."En", 'synonyms', s."Synonyms",
                                   'fact_count', coalesce((SELECT c.facts FROM counts c WHERE NOT c.is_family AND c.id = s."Id"), 0),
                                   'zone_count', coalesce((SELECT c.zones FROM counts c WHERE NOT c.is_family AND c.id = s."Id"), 0))
                                 ORDER BY s."Id"), '[]') FROM sectors s WHERE s."FamilyId" = f."Id"))
                   ORDER BY f."Id"), '[]'))::text
            FROM sector_families f
            """;
        return await ZoneMapDb.ReadAsync(db, async conn =>
        {
            await using var cmd = zones.Command(conn, sql);
            return (string)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);
    }
}
