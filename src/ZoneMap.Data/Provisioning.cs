using Npgsql;

namespace ZoneMap.Data;

/// <summary>
/// Database, roles and extensions for a server ZoneMap manages: an owner role that migrates, loads and ingests,
/// and a reader role, SELECT only and read-only by default, for the web server (least privilege).
/// </summary>
public static class Provisioning
{
    public const string OwnerRole = "zonemap_owner";
    public const string ReaderRole = "zonemap_reader";

    /// <summary>As a superuser: both roles, the database owned by the owner role, PostGIS and pg_trgm inside it, the reader's grants.</summary>
    public static async Task EnsureDatabaseAsync(string superuserConnectionString, string database, CancellationToken ct = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await ExecuteAsync(conn, $"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OwnerRole}') THEN CREATE ROLE {OwnerRole} LOGIN; END IF;
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ReaderRole}') THEN CREATE ROLE {ReaderRole} LOGIN; END IF;
                END $$;
                ALTER ROLE {ReaderRole} SET default_transaction_read_only = on;
                """, ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
            exists.Parameters.Add(new() { Value = database });
            if (await exists.ExecuteScalarAsync(ct) is null)
                await ExecuteAsync(conn, $"CREATE DATABASE {Quote(database)} OWNER {OwnerRole} ENCODING 'UTF8'", ct);
        }

        var inDb = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = database, Pooling = false };
        await using (var conn = new NpgsqlConnection(inDb.ConnectionString))
        {
            await conn.OpenAsync(ct);
            // PostGIS is not a trusted extension: the superuser creates it so the owner's migrations find it there.
            await ExecuteAsync(conn, "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;", ct);
            await GrantReaderAsync(conn, ct);
        }
    }

    /// <summary>The reader may read every table the owner has or will create, and nothing else.</summary>
    public static async Task GrantReaderAsync(NpgsqlConnection conn, CancellationToken ct = default) =>
        await ExecuteAsync(conn, $"""
            GRANT CONNECT ON DATABASE {Quote(conn.Database)} TO {ReaderRole};
            GRANT USAGE ON SCHEMA public TO {ReaderRole};
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ReaderRole};
            ALTER DEFAULT PRIVILEGES FOR ROLE {OwnerRole} IN SCHEMA public GRANT SELECT ON TABLES TO {ReaderRole};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {ReaderRole};
            """, ct);

    /// <summary>The same server and database, logged in as another role (local clusters trust loopback).</summary>
    public static string AsRole(string connectionString, string role) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = null }.ConnectionString;

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
