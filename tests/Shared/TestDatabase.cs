using Npgsql;
using ZoneMap.Data;

namespace ZoneMap.Tests.Shared;

/// <summary>
/// A throwaway PostGIS database for one test suite: created and migrated on first use, dropped at the end.
/// The server comes from ZONEMAP_TEST_ADMIN_DB, which `./zonemap test` sets to the local (or ZONEMAP_DB's) cluster.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public string Name { get; }
    /// <summary>The owner role, as ingest and load use it.</summary>
    public string ConnectionString { get; }
    /// <summary>The read-only role, as the web server uses it.</summary>
    public string ReaderConnectionString { get; }
    private readonly string adminConnectionString;

    private TestDatabase(string admin, string name)
    {
        adminConnectionString = admin;
        Name = name;
        ConnectionString = Provisioning.AsRole(
            new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString, Provisioning.OwnerRole);
        ReaderConnectionString = Provisioning.AsRole(ConnectionString, Provisioning.ReaderRole);
    }

    public static async Task<TestDatabase> CreateAsync(string suite, bool migrate = true)
    {
        var admin = Environment.GetEnvironmentVariable("ZONEMAP_TEST_ADMIN_DB");
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException("ZONEMAP_TEST_ADMIN_DB is not set: run the tests with ./zonemap test, which provides a real PostGIS.");
        var name = $"zonemap_test_{suite}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        // The same roles and grants as a real ZoneMap database.
        await Provisioning.EnsureDatabaseAsync(admin, name);
        var db = new TestDatabase(admin, name);
        if (migrate) await ZoneMapDb.MigrateAsync(db.ConnectionString);
        return db;
    }

    public NpgsqlDataSource OpenDataSource() => ZoneMapDb.DataSource(ConnectionString);

    public ZoneMapDbContext Context() => new(ZoneMapDb.Options(ConnectionString));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
