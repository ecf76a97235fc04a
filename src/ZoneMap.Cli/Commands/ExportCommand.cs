using System.CommandLine;
using Microsoft.Extensions.Primitives;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Api.Features.Export;
using ZoneMap.Data;

namespace ZoneMap.Cli.Commands;

/// <summary>`zonemap export`: the same parser and exporter as GET /export, writing to a file.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f") { Description = "geojson, csv, kml, gpkg or shp (zipped)", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "file to write", Required = true };
        var filters = new (string Parameter, Option<string?> Option)[]
        {
            ("collection", new Option<string?>("--collection") { Description = "zones (default), structures, districts or mentions" }),
            ("sector", new Option<string?>("--sector") { Description = "sector or family ids, comma-separated" }),
            ("period", new Option<string?>("--period") { Description = "a plan period (2021-2025) or a year" }),
            ("region", new Option<string?>("--region") { Description = "region ids, comma-separated" }),
            ("kind", new Option<string?>("--kind") { Description = "place kinds, comma-separated" }),
            ("q", new Option<string?>("--q") { Description = "name search" }),
            ("bbox", new Option<string?>("--bbox") { Description = "west,south,east,north" }),
            ("datetime", new Option<string?>("--datetime") { Description = "RFC 3339 date or interval" }),
            ("filter", new Option<string?>("--filter") { Description = "CQL2 text filter" }),
            ("properties", new Option<string?>("--properties") { Description = "properties to include, comma-separated" }),
        };
        var command = new Command("export", "Write features (with the same filters as /export) to a GeoJSON, CSV, KML, GeoPackage or zipped Shapefile.") { format, output };
        foreach (var (_, option) in filters) command.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var pairs = filters.Select(f => (f.Parameter, Value: parse.GetValue(f.Option))).Where(f => f.Value is not null)
                .Select(f => new KeyValuePair<string, StringValues>(f.Parameter, f.Value))
                .Prepend(new KeyValuePair<string, StringValues>("format", parse.GetValue(format)));
            var file = parse.GetValue(output)!;
            var paths = ProjectPaths.Discover();
            var db = await DatabaseProvisioner.ProvideAsync(paths, ct);
            await using var dataSource = ZoneMapDb.DataSource(db.Reader);
            var queries = new FeatureQueries(dataSource);
            try
            {
                var raw = ItemsQueryParser.Raw(pairs, QueryParameters.Export);
                var exportFormat = ExportFormat.Parse(raw["format"]);
                var collection = FeatureRequests.Collection(raw.GetValueOrDefault("collection") ?? "zones");
                var query = await new FeatureRequests(queries).ParseAsync(collection, raw, ct);
                long length;
                await using (var target = File.Create(file.FullName))
                {
                    await new FeatureExporter(queries).WriteAsync(collection, query, null, exportFormat, target, ct);
                    length = target.Length;
                }
                Console.WriteLine($"wrote {file.FullName} ({length:N0} bytes; {query.Describe()})");
                return 0;
            }
            catch (Exception e) when (e is QueryException or NotFoundException or Core.Cql2.CqlException)
            {
                Console.Error.WriteLine($"zonemap export: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
