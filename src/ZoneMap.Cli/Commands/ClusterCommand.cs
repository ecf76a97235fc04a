using System.CommandLine;
using ZoneMap.Cli.Cluster;

namespace ZoneMap.Cli.Commands;

public static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "Try ZoneMap on several instances: PostgreSQL primary + streaming replica, N instances, nginx.");
        var count = new Argument<int>("N") { Description = "number of ZoneMap instances", DefaultValueFactory = _ => 2 };
        var up = new Command("up", "start primary, replica, N instances and nginx; print their addresses") { count };
        up.SetAction(async (parse, ct) =>
        {
            var paths = ProjectPaths.Discover();
            var endpoints = await new ReplicatedSetup(paths, Path.Combine(paths.StateDir, "cluster")).UpAsync(parse.GetValue(count), ct);
            Console.WriteLine($"balancer: {endpoints.Balancer}");
            Console.WriteLine($"primary: {endpoints.Primary}");
            Console.WriteLine($"replica: {endpoints.Replica}");
            return 0;
        });
        var down = new Command("down", "stop everything `cluster up` started and remove it");
        down.SetAction(async (_, ct) =>
        {
            var paths = ProjectPaths.Discover();
            await new ReplicatedSetup(paths, Path.Combine(paths.StateDir, "cluster")).DownAsync(ct);
            Console.WriteLine("cluster: down");
            return 0;
        });
        command.Add(up);
        command.Add(down);
        return command;
    }
}
