using ZoneMap.Cli.Postgres;
using ZoneMap.Data;

namespace ZoneMap.Cli;

/// <summary>Owner (writes) and reader (the web server) connection strings for one ZoneMap database.</summary>
public sealed record DatabaseConnections(string Owner, string Reader);

/// <summary>Gives a command its database: ZONEMAP_DB when set, else the project-local cluster (started on demand), migrated.</summary>
public static class DatabaseProvisioner
{
    public static async Task<DatabaseConnections> ProvideAsync(ProjectPaths paths, CancellationToken ct)
    {
        var external = Environment.GetEnvironmentVariable("ZONEMAP_DB");
        DatabaseConnections connections;
        if (!string.IsNullOrWhiteSpace(external))
        {
            // An external database: the operator chooses the roles; ZONEMAP_DB_READ (replicas or a read-only role) is optional.
            var read = Environment.GetEnvironmentVariable("ZONEMAP_DB_READ");
            connections = new DatabaseConnections(external, string.IsNullOrWhiteSpace(read) ? external : read);
        }
        else
        {
            var cluster = new LocalCluster(paths.ClusterDir);
            await cluster.EnsureRunningAsync(ct);
            await cluster.EnsureDatabaseAsync(ct: ct);
            connections = new DatabaseConnections(cluster.ConnectionString(), cluster.ReadConnectionString());
        }
        await ZoneMapDb.MigrateAsync(connections.Owner, ct);
        return connections;
    }
}
