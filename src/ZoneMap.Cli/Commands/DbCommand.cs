using System.CommandLine;
using ZoneMap.Cli.Postgres;

namespace ZoneMap.Cli.Commands;

/// <summary>The local cluster by hand: status, start, stop.</summary>
public static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the project-local PostgreSQL cluster under .zonemap/.");
        command.Add(Sub("start", "start (creating if needed) the local cluster", async (c, ct) =>
        {
            await c.EnsureRunningAsync(ct);
            Console.WriteLine($"running: {c.ConnectionString()}");
        }));
        command.Add(Sub("stop", "stop the local cluster (data stays)", async (c, ct) => { await c.StopAsync(ct); Console.WriteLine("stopped"); }));
        command.Add(Sub("status", "is the local cluster running?", async (c, ct) =>
            Console.WriteLine(await c.IsRunningAsync(ct) ? $"running: {c.ConnectionString()}" : "stopped")));
        return command;
    }

    private static Command Sub(string name, string description, Func<LocalCluster, CancellationToken, Task> action)
    {
        var c = new Command(name, description);
        c.SetAction(async (_, ct) =>
        {
            await action(new LocalCluster(ProjectPaths.Discover().ClusterDir), ct);
            return 0;
        });
        return c;
    }
}
