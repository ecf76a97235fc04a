using ZoneMap.Cli.Postgres;
using ZoneMap.Data;

namespace ZoneMap.Cli;

/// <summary>Gives a command its database: ZONEMAP_DB when set, else the project-local cluster (started on demand), migrated.</summary>
public static class DatabaseProvisioner
{
    public static async Task<string> ProvideAsync(ProjectPaths paths, CancellationToken ct)
    {
        var external = Environment.GetEnvironmentVariable("ZONEMAP_DB");
        string connectionString;
        if (!string.IsNullOrWhiteSpace(external))
        {
            connectionString = external;
        }
        else
        {
            var cluster = new LocalCluster(paths.ClusterDir);
            await cluster.EnsureRunningAsync(ct);
            await cluster.EnsureDatabaseAsync(ct: ct);
            connectionString = cluster.ConnectionString();
        }
        await ZoneMapDb.MigrateAsync(connectionString, ct);
        return connectionString;
    }
}
