using System.CommandLine;
using ZoneMap.Api;

namespace ZoneMap.Cli.Commands;

public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port on 127.0.0.1", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "address to bind", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("serve", "Start PostGIS if needed, load geodata and seeds into an empty database, and serve the API and web map.") { port, host };
        command.SetAction(async (parse, ct) =>
        {
            var paths = ProjectPaths.Discover();
            var db = await DatabaseProvisioner.ProvideAsync(paths, ct);
            await DataBootstrap.EnsureLoadedAsync(paths, db.Owner, ct);
            var url = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            var app = ApiHost.Build([], b =>
            {
                b.Configuration["ZONEMAP_DB"] = db.Owner;
                b.Configuration["ZONEMAP_DB_READ"] = db.Reader;
                b.Configuration["ZONEMAP_WEB"] = paths.Web;
                b.WebHost.UseUrls(url);
            });
            Console.WriteLine($"ZoneMap is serving the map at {url}/ (Ctrl-C stops the server; the data stays in {paths.StateDir}).");
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
