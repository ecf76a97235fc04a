using System.CommandLine;
using ZoneMap.Cli.Postgres;

namespace ZoneMap.Cli.Commands;

public static class BackupCommands
{
    public static Command Backup() => Create("backup", "Write ZoneMap's database to FILE (pg_dump custom format).",
        (b, db, file, ct) => b.BackupAsync(db, file, ct), "backup written to");

    public static Command Restore() => Create("restore", "Replace ZoneMap's database with the content of FILE (one transaction).",
        (b, db, file, ct) => b.RestoreAsync(db, file, ct), "restored from");

    private static Command Create(string name, string description, Func<DatabaseBackup, string, string, CancellationToken, Task> action, string done)
    {
        var file = new Argument<string>("FILE") { Description = "backup file" };
        var command = new Command(name, description) { file };
        command.SetAction(async (parse, ct) =>
        {
            var paths = ProjectPaths.Discover();
            var db = await DatabaseProvisioner.ProvideAsync(paths, ct);
            var path = parse.GetValue(file)!;
            await action(new DatabaseBackup(new LocalCluster(paths.ClusterDir).BinDir), db.Owner, path, ct);
            Console.WriteLine($"zonemap: {done} {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }
}
