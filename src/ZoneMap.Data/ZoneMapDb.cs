using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ZoneMap.Data;

/// <summary>One place that knows how to open ZoneMap's database (EF options and raw Npgsql data sources).</summary>
public static class ZoneMapDb
{
    public static DbContextOptions<ZoneMapDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<ZoneMapDbContext>()
            .UseNpgsql(connectionString, o => o.UseNetTopologySuite())
            .Options;

    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public static async Task MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        await using var db = new ZoneMapDbContext(Options(connectionString));
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// Runs a read on a pooled connection; when that connection turns out to be dead (the replica it led to was stopped
    /// or restarted), clears the pool's other idle connections, which are dead too, and runs it once more on a fresh
    /// one, so a lost replica costs no request. Errors of the query itself (a timeout, bad SQL) are not retried.
    /// </summary>
    public static async Task<T> ReadAsync<T>(NpgsqlDataSource db, Func<NpgsqlConnection, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            try { return await read(conn); }
            catch (NpgsqlException e) when (attempt == 1 && Lost(conn, e) && !ct.IsCancellationRequested)
            {
                NpgsqlConnection.ClearPool(conn);
            }
        }
    }

    /// <summary>
    /// The connection itself is gone (socket closed, server shut down or restarting), as opposed to an error of the
    /// statement (timeout, out of memory, a conflict with recovery), which running it again would only repeat.
    /// </summary>
    private static bool Lost(NpgsqlConnection conn, NpgsqlException e) =>
        conn.FullState.HasFlag(System.Data.ConnectionState.Broken)
        || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow }
        || e is not PostgresException && e.InnerException is IOException or System.Net.Sockets.SocketException;

    /// <summary>One round trip to the database: does it answer?</summary>
    public static async Task PingAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(ct);
    }
}
