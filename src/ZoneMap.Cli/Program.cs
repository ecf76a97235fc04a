using System.CommandLine;
using Npgsql;
using ZoneMap.Cli.Commands;
using ZoneMap.Cli.Postgres;

namespace ZoneMap.Cli;

/// <summary>`zonemap`: named so it does not clash with the API's Program type in test projects that see both.</summary>
public static class ZoneMapCli
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("ZoneMap: industrial zones from Chinese plans, on a map.")
        {
            ServeCommand.Create(),
            TestCommand.Create(),
            DbCommand.Create(),
            BackupCommands.Backup(),
            BackupCommands.Restore(),
            ClusterCommand.Create(),
            ExportCommand.Create(),
            IngestCommand.Create(),
            LoadCommand.Create(), BenchCommand.Create(),
        };

        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (ClusterException e)
        {
            Console.Error.WriteLine($"zonemap: {e.Message}");
            return 3;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"zonemap: the database refused: {e.Message} (check ZONEMAP_DB or run ./zonemap db start)");
            return 3;
        }
        catch (ZoneMap.Core.Geodata.GeodataException e) { Console.Error.WriteLine($"zonemap: {e.Message}"); return 4; }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
