using Npgsql;

namespace ZoneMap.Tests.Shared;

/// <summary>A fingerprint of everything in a database's public tables, read as the owner: equal hashes, equal content.</summary>
public static class DatabaseContent
{
    public static async Task<string> HashAsync(string ownerConnectionString)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY tablename", conn))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        if (tables.Count == 0) throw new InvalidOperationException("no tables to hash: is the database migrated?");
        var parts = new List<string>();
        foreach (var table in tables)
        {
            // Table names come from pg_tables, not from a request; quoted all the same.
            await using var cmd = new NpgsqlCommand($"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM public.\"{table.Replace("\"", "\"\"")}\" t", conn);
            parts.Add(table + "=" + await cmd.ExecuteScalarAsync());
        }
        return string.Join(", ", parts);
    }
}
