using Npgsql;

namespace ZoneMap.Cli.Postgres;

/// <summary>pg_dump / pg_restore of ZoneMap's database, in PostgreSQL's custom format.</summary>
public sealed class DatabaseBackup(string binDir)
{
    public async Task BackupAsync(string connectionString, string file, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(file);
        var result = await ProcessRunner.RunAsync(Path.Combine(binDir, "pg_dump"),
            ["--format=custom", "--no-owner", "--no-privileges", "--file", full], env: Environment(connectionString), ct: ct);
        if (result.ExitCode != 0) throw new ClusterException($"pg_dump failed: {result.Output.Trim()}");
    }

    /// <summary>Replaces the database's content with the backup's, in one transaction: a failed restore changes nothing.</summary>
    public async Task RestoreAsync(string connectionString, string file, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw new ClusterException($"no backup file at {full}");
        var env = Environment(connectionString);
        var list = await ProcessRunner.RunAsync(Path.Combine(binDir, "pg_restore"), ["--list", full], env: env, ct: ct);
        if (list.ExitCode != 0) throw new ClusterException($"{full} is not a ZoneMap backup: {list.Output.Trim()}");

        // Extensions (PostGIS, with its spatial_ref_sys) belong to the server's superuser and are already there;
        // restore only our own objects.
        var tocFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(tocFile, list.Output.Split('\n').Where(l => !l.Contains(" EXTENSION ") && !l.Contains("spatial_ref_sys")), ct);
            var restore = await ProcessRunner.RunAsync(Path.Combine(binDir, "pg_restore"),
                ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                 "--use-list", tocFile, "--dbname", new NpgsqlConnectionStringBuilder(connectionString).Database!, full], env: env, ct: ct);
            if (restore.ExitCode != 0) throw new ClusterException($"pg_restore failed, the database is unchanged: {restore.Output.Trim()}");
        }
        finally { File.Delete(tocFile); }
    }

    /// <summary>libpq reads the connection from the environment, so no password appears on a command line.</summary>
    private static Dictionary<string, string> Environment(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var env = new Dictionary<string, string>
        {
            ["PGHOST"] = b.Host ?? "127.0.0.1", ["PGPORT"] = b.Port.ToString(), ["PGDATABASE"] = b.Database ?? "zonemap",
            ["PGUSER"] = b.Username ?? "postgres",
        };
        if (!string.IsNullOrEmpty(b.Password)) env["PGPASSWORD"] = b.Password;
        return env;
    }
}
