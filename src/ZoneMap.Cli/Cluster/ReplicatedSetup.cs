using System.Net;
using System.Net.Sockets;
using Npgsql;
using ZoneMap.Cli.Postgres;
using ZoneMap.Data;

namespace ZoneMap.Cli.Cluster;

/// <summary>What `cluster up` started, as a user would connect to it.</summary>
public sealed record ClusterEndpoints(string Balancer, string Primary, string Replica, IReadOnlyList<int> InstancePorts, string ReadConnectionString);

/// <summary>
/// A try-it-out deployment on one machine, built from PostgreSQL's own streaming replication and nginx:
/// a primary, one streaming replica (pg_basebackup), N stateless ZoneMap instances reading from the replica
/// (falling back to the primary) and writing to the primary, and nginx balancing them on one port.
/// </summary>
public sealed class ReplicatedSetup(ProjectPaths paths, string stateDir)
{
    private readonly LocalCluster primary = new(Path.Combine(stateDir, "primary"));
    private readonly LocalCluster replica = new(Path.Combine(stateDir, "replica"));
    private string NginxDir => Path.Combine(stateDir, "nginx");
    private string PidFile => Path.Combine(stateDir, "instances.pid");

    public async Task<ClusterEndpoints> UpAsync(int instances, CancellationToken ct)
    {
        if (instances < 1) throw new ClusterException("cluster up needs at least one instance");
        if (File.Exists(PidFile)) throw new ClusterException($"a cluster is already up ({stateDir}): run ./zonemap cluster down first");
        try
        {
            await primary.EnsureRunningAsync(ct);
            await primary.EnsureDatabaseAsync(ct: ct);
            await ZoneMapDb.MigrateAsync(primary.ConnectionString(), ct);
            await DataBootstrap.EnsureLoadedAsync(paths, primary.ConnectionString(), ct);
            await replica.EnsureStandbyOfAsync(primary, ct);

            // Reads prefer the standby and fall back to the primary when it is away.
            var read = new NpgsqlConnectionStringBuilder(primary.ReadConnectionString())
            {
                Host = $"127.0.0.1:{replica.Port},127.0.0.1:{primary.Port}",
                TargetSessionAttributes = "prefer-standby",
            }.ConnectionString;

            var basePort = FreeRun(5100, instances);
            var ports = Enumerable.Range(basePort, instances).ToList();
            var pids = new List<int>();
            foreach (var port in ports)
                pids.Add(await StartInstanceAsync(port, primary.ConnectionString(), read, ct));
            await File.WriteAllLinesAsync(PidFile, pids.Select(p => p.ToString()), ct);
            foreach (var port in ports) await WaitHealthyAsync(port, ct);

            var balancerPort = FreeRun(basePort + instances, 1);
            await StartNginxAsync(balancerPort, ports, ct);
            return new ClusterEndpoints($"http://127.0.0.1:{balancerPort}",
                $"postgresql://{Provisioning.OwnerRole}@127.0.0.1:{primary.Port}/{LocalCluster.DatabaseName}",
                $"postgresql://{Provisioning.ReaderRole}@127.0.0.1:{replica.Port}/{LocalCluster.DatabaseName}",
                ports, read);
        }
        catch
        {
            await DownAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Stops everything `up` started and removes what it made.</summary>
    public async Task DownAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(NginxDir, "nginx.pid")))
            await ProcessRunner.RunAsync("nginx", ["-p", NginxDir, "-c", Path.Combine(NginxDir, "nginx.conf"), "-s", "stop"], ct: ct);
        if (File.Exists(PidFile))
            foreach (var line in await File.ReadAllLinesAsync(PidFile, ct))
                if (int.TryParse(line, out var pid))
                    try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); }
                    catch (ArgumentException) { } // already gone
        await replica.StopAsync(ct);
        await primary.StopAsync(ct);
        if (Directory.Exists(stateDir)) Directory.Delete(stateDir, recursive: true);
    }

    /// <summary>Stops or starts the replica alone (to try failover).</summary>
    public Task StopReplicaAsync(CancellationToken ct) => replica.StopAsync(ct);
    public Task StartReplicaAsync(CancellationToken ct) => replica.EnsureStandbyOfAsync(primary, ct);

    private async Task<int> StartInstanceAsync(int port, string write, string read, CancellationToken ct)
    {
        var cli = typeof(ZoneMapCli).Assembly.Location;
        var log = Path.Combine(stateDir, $"instance-{port}.log");
        // nohup + & detaches the instance from this command, which ends once everything is up.
        var result = await ProcessRunner.RunAsync("/bin/sh",
            ["-c", "nohup dotnet \"$0\" serve --port \"$1\" >\"$2\" 2>&1 </dev/null & echo $!", cli, port.ToString(), log],
            env: new Dictionary<string, string>
            {
                ["ZONEMAP_DB"] = write, ["ZONEMAP_DB_READ"] = read, ["ZONEMAP_HOME"] = paths.Root,
                // nginx is the only client an instance sees; limit at the balancer, not per instance.
                ["ZONEMAP_RATE_LIMIT"] = "0",
            }, ct: ct);
        return int.Parse(result.Output.Trim());
    }

    private static async Task WaitHealthyAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health", ct)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(500, ct);
        }
        throw new ClusterException($"ZoneMap instance on port {port} did not become healthy");
    }

    private async Task StartNginxAsync(int port, IReadOnlyList<int> upstreams, CancellationToken ct)
    {
        var temp = Path.Combine(NginxDir, "temp");
        Directory.CreateDirectory(temp);
        // nginx's workers run as nobody and buffer large responses here.
        if (OperatingSystem.IsLinux())
            File.SetUnixFileMode(temp, (UnixFileMode)Convert.ToInt32("1777", 8));
        var servers = string.Join("\n", upstreams.Select(p => $"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"));
        var conf = $$"""
            daemon on;
            pid {{NginxDir}}/nginx.pid;
            error_log {{NginxDir}}/error.log warn;
            worker_processes 2;
            events { worker_connections 2048; }
            http {
              access_log off;
              client_body_temp_path {{temp}}/body;
              proxy_temp_path {{temp}}/proxy;
              fastcgi_temp_path {{temp}}/fastcgi;
              uwsgi_temp_path {{temp}}/uwsgi;
              scgi_temp_path {{temp}}/scgi;
              upstream zonemap {
            {{servers}}
                keepalive 64;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://zonemap;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_next_upstream error timeout http_502;
                }
              }
            }
            """;
        var confFile = Path.Combine(NginxDir, "nginx.conf");
        await File.WriteAllTextAsync(confFile, conf, ct);
        var start = await ProcessRunner.RunAsync("nginx", ["-p", NginxDir, "-c", confFile], ct: ct);
        if (start.ExitCode != 0) throw new ClusterException($"nginx did not start: {start.Output.Trim()}");
    }

    /// <summary>The first port from <paramref name="from"/> where <paramref name="count"/> consecutive ports are free.</summary>
    private static int FreeRun(int from, int count)
    {
        for (var p = from; p < from + 1000; p++)
            if (Enumerable.Range(p, count).All(IsFree)) return p;
        throw new ClusterException($"no {count} consecutive free ports from {from}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }
}
