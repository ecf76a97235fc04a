using System.CommandLine;
using ZoneMap.Cli.Commands;
using ZoneMap.Cli.Postgres;

var root = new RootCommand("ZoneMap: industrial zones from Chinese plans, on a map.")
{
    ServeCommand.Create(),
    TestCommand.Create(),
    DbCommand.Create(),
    IngestCommand.Create(),
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
catch (Npgsql.NpgsqlException e)
{
    Console.Error.WriteLine($"zonemap: the database refused: {e.Message} (check ZONEMAP_DB or run ./zonemap db start)");
    return 3;
}
catch (OperationCanceledException)
{
    return 130;
}
