using System.Net;
using System.Net.Sockets;
using Npgsql;
using ZoneMap.Data;

namespace ZoneMap.Cli.Postgres;

public sealed class ClusterException(string message) : Exception(message);

/// <summary>
/// A project-local PostgreSQL cluster under .zonemap/: created on first use, bound to 127.0.0.1,
/// owned by the postgres user when we run as root, and reused while it runs.
/// </summary>
public sealed class LocalCluster(string directory, string? binDir = null)
{
    public const string DatabaseName = "zonemap";
    private const string OsUser = "postgres";

    public string Directory { get; } = Resolve(Path.GetFullPath(directory));
    public string DataDir => Path.Combine(Directory, "data");
    public string SocketDir => Path.Combine(Directory, "run");
    public string LogFile => Path.Combine(Directory, "postgres.log");
    private string PortFile => Path.Combine(Directory, "port");
    public string BinDir { get; } = binDir ?? Environment.GetEnvironmentVariable("ZONEMAP_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    public int Port => int.Parse(File.ReadAllText(PortFile).Trim());

    public string AdminConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database,
            Pooling = false, Timeout = 10,
        }.ConnectionString;

    /// <summary>The owner role: migrations, geodata, ingest.</summary>
    public string ConnectionString(string database = DatabaseName) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Provisioning.OwnerRole, Database = database }.ConnectionString;

    /// <summary>The read-only role the web server uses.</summary>
    public string ReadConnectionString(string database = DatabaseName) => Provisioning.AsRole(ConnectionString(database), Provisioning.ReaderRole);

    private string? RunAs => ProcessRunner.IsRoot ? OsUser : null;

    /// <summary>Creates the cluster if needed and starts it if it is not running; returns when it accepts connections.</summary>
    public async Task EnsureRunningAsync(CancellationToken ct = default)
    {
        if (!File.Exists(Path.Combine(BinDir, "pg_ctl")))
            throw new ClusterException($"PostgreSQL 15 is not installed ({BinDir}/pg_ctl missing): run ./zonemap serve as root so it can install postgresql-15, or set ZONEMAP_DB to an existing PostGIS.");

        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION")))
            await CreateAsync(ct);
        await StartAsync(ct);
    }

    /// <summary>Creates this cluster as a streaming replica of <paramref name="primary"/> (pg_basebackup) and starts it.</summary>
    public async Task EnsureStandbyOfAsync(LocalCluster primary, CancellationToken ct = default)
    {
        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            await MakeFolderAsync(ct);
            try
            {
                var backup = await ProcessRunner.RunAsync(Path.Combine(BinDir, "pg_basebackup"),
                    ["-h", "127.0.0.1", "-p", primary.Port.ToString(), "-U", "postgres", "-D", DataDir, "-R", "-X", "stream", "--checkpoint=fast"], RunAs, ct: ct);
                if (backup.ExitCode != 0) throw new ClusterException($"pg_basebackup failed: {LastLines(backup.Output, 5)}");
                // The copy carries the primary's settings; the replica keeps its own sockets.
                File.AppendAllText(Path.Combine(DataDir, "postgresql.conf"), $"\nunix_socket_directories = '{SocketDir}'\nhot_standby = on\n");
            }
            catch
            {
                Remove();
                throw;
            }
        }
        await StartAsync(ct);
    }

    private async Task StartAsync(CancellationToken ct)
    {
        var status = await ProcessRunner.RunAsync(Path.Combine(BinDir, "pg_ctl"), ["status", "-D", DataDir], RunAs, ct: ct);
        if (status.ExitCode == 0) return;

        // A stale port file may point at a port someone else took meanwhile.
        if (!IsPortFree(Port)) WritePort(FindFreePort());
        var start = await ProcessRunner.RunAsync(Path.Combine(BinDir, "pg_ctl"),
            ["start", "-w", "-t", "60", "-D", DataDir, "-l", LogFile, "-o", $"-p {Port}"], RunAs, ct: ct);
        if (start.ExitCode != 0)
            throw new ClusterException($"PostgreSQL did not start (see {LogFile}): {LastLines(start.Output + ReadLog(), 5)}");
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION"))) return;
        await ProcessRunner.RunAsync(Path.Combine(BinDir, "pg_ctl"), ["stop", "-w", "-m", "fast", "-D", DataDir], RunAs, ct: ct);
    }

    public async Task<bool> IsRunningAsync(CancellationToken ct = default) =>
        File.Exists(Path.Combine(DataDir, "PG_VERSION")) &&
        (await ProcessRunner.RunAsync(Path.Combine(BinDir, "pg_ctl"), ["status", "-D", DataDir], RunAs, ct: ct)).ExitCode == 0;

    /// <summary>The ZoneMap database with its owner and reader roles (see Provisioning).</summary>
    public Task EnsureDatabaseAsync(string database = DatabaseName, CancellationToken ct = default) =>
        Provisioning.EnsureDatabaseAsync(AdminConnectionString(), database, ct);

    /// <summary>Removes the cluster's folder (the cluster must be stopped).</summary>
    public void Remove()
    {
        try { if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>An empty folder owned by the postgres user, with a free port chosen; anything half-made before is cleared.</summary>
    private async Task MakeFolderAsync(CancellationToken ct)
    {
        Remove();
        System.IO.Directory.CreateDirectory(Directory);
        // PostgreSQL refuses a data folder that others can read.
        if (OperatingSystem.IsLinux())
            System.IO.Directory.CreateDirectory(DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        System.IO.Directory.CreateDirectory(SocketDir);
        WritePort(FindFreePort());
        if (ProcessRunner.IsRoot)
        {
            EnsureTraversable(Directory);
            var chown = await ProcessRunner.RunAsync("chown", ["-R", $"{OsUser}:{OsUser}", Directory], ct: ct);
            if (chown.ExitCode != 0) throw new ClusterException($"could not give {Directory} to the postgres user: {chown.Output.Trim()}");
        }
    }

    private async Task CreateAsync(CancellationToken ct)
    {
        try
        {
            await MakeFolderAsync(ct);
            var init = await ProcessRunner.RunAsync(Path.Combine(BinDir, "initdb"),
                ["-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], RunAs, ct: ct);
            if (init.ExitCode != 0) throw new ClusterException($"initdb failed: {LastLines(init.Output, 5)}");

            // Loopback only; sockets in our own folder so nothing system-wide is touched.
            File.AppendAllText(Path.Combine(DataDir, "postgresql.conf"), $"""

                # ZoneMap local cluster
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{SocketDir}'
                max_connections = 200
                shared_buffers = 256MB
                fsync = on
                """);
        }
        catch
        {
            Remove();
            throw;
        }
    }

    /// <summary>
    /// The cluster lives in the checkout's .zonemap/pg, unless we run as root in a checkout the postgres user cannot
    /// enter (e.g. under /root): then it lives in /var/lib/zonemap/&lt;hash of the checkout path&gt;, one per checkout.
    /// </summary>
    private static string Resolve(string projectDir)
    {
        if (!ProcessRunner.IsRoot || FirstUntraversable(projectDir) is null) return projectDir;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(projectDir)))[..12];
        return Path.Combine("/var/lib/zonemap", hash, "pg");
    }

    private static string? FirstUntraversable(string dir)
    {
        if (!OperatingSystem.IsLinux()) return null;
        for (var d = new DirectoryInfo(dir).Parent; d is not null; d = d.Parent)
            if (d.Exists && !File.GetUnixFileMode(d.FullName).HasFlag(UnixFileMode.OtherExecute)) return d.FullName;
        return null;
    }

    /// <summary>postgres must be able to walk down to the data directory.</summary>
    private static void EnsureTraversable(string dir)
    {
        if (FirstUntraversable(dir) is { } blocked)
            throw new ClusterException($"the postgres user cannot enter {blocked}: run `chmod o+x {blocked}`, or set ZONEMAP_DB.");
    }

    private void WritePort(int port) => File.WriteAllText(PortFile, port.ToString());

    private static int FindFreePort()
    {
        for (var p = 55432; p < 55532; p++)
            if (IsPortFree(p)) return p;
        throw new ClusterException("no free TCP port for PostgreSQL between 55432 and 55531");
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    private static string LastLines(string text, int n) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(n));
}
