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

    /// <summary>One round trip to the database: does it answer?</summary>
    public static async Task PingAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(ct);
    }
}
