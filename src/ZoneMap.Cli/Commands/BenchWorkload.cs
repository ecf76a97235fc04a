using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Core.Bulk;
using ZoneMap.Core.Features;
using ZoneMap.Data;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Cli.Commands;

/// <summary>
/// The requests `zonemap bench run` sends, written once so ZoneMap and its anchors get the same work: for each items
/// page and tile the URL (for wrk) and the exact SQL ZoneMap runs for it, parameters inlined (a pgbench script), and
/// the SQL of the whole-collection GeoJSON export (for psql). The SQL comes from the server's own query builders.
/// </summary>
public sealed class BenchWorkload(FeatureQueries queries, IReadOnlyList<CityCentre> cities, IReadOnlyList<string> sectorIds)
{
    private const string Collection = "features";
    private const int PageLimit = 100;

    public async Task WriteAsync(string directory, int requests, int seed, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var collection = FeatureRequests.Collection(Collection);
        var requestsParser = new FeatureRequests(queries);

        // Items: a ~1°×1° box near a city (where the data is), one sector, 100 per page.
        var itemsUrls = new StringBuilder();
        var itemsBoxes = new StringBuilder();
        for (var i = 1; i <= requests; i++)
        {
            var city = cities[random.Next(cities.Count)];
            var west = Math.Round(city.Longitude - 0.5 + (random.NextDouble() - 0.5) * 0.6, 4);
            var south = Math.Round(city.Latitude - 0.5 + (random.NextDouble() - 0.5) * 0.6, 4);
            var bbox = string.Join(',', new[] { west, south, west + 1, south + 1 }.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));
            var sector = sectorIds[random.Next(sectorIds.Count)];
            var parameters = new Dictionary<string, string> { ["bbox"] = bbox, ["sector"] = sector, ["limit"] = PageLimit.ToString(CultureInfo.InvariantCulture) };
            var query = await requestsParser.ParseAsync(collection, Raw(parameters, QueryParameters.Items), ct);
            var sql = new FeatureSql(collection, query);
            var statements = FeatureQueries.PageStatements(sql, query.Limit, query.Offset).Select(s => sql.Inline(s) + ";\n");
            await File.WriteAllTextAsync(Path.Combine(directory, $"items-{i:000}.sql"), string.Concat(statements), ct);
            itemsUrls.Append($"/collections/{Collection}/items?{Query(parameters)}\n");
            itemsBoxes.Append($"{bbox}\t{sector}\n");
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "items.urls"), itemsUrls.ToString(), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "items.tsv"), itemsBoxes.ToString(), ct);

        // Tiles: z 8–14 around a city, unfiltered, as a map client asks for them.
        var tileUrls = new StringBuilder();
        for (var i = 1; i <= requests; i++)
        {
            var city = cities[random.Next(cities.Count)];
            var z = 8 + random.Next(7);
            var lat = city.Latitude + (random.NextDouble() - 0.5) * 0.3;
            var lon = city.Longitude + (random.NextDouble() - 0.5) * 0.3;
            var n = 1 << z;
            var x = (int)Math.Floor((lon + 180) / 360 * n);
            var y = (int)Math.Floor((1 - Math.Log(Math.Tan(lat * Math.PI / 180) + 1 / Math.Cos(lat * Math.PI / 180)) / Math.PI) / 2 * n);
            var tile = TileAddress.Create(z, x, y, out var error) ?? throw new InvalidOperationException(error);
            var query = await requestsParser.ParseAsync(collection, Raw(new Dictionary<string, string>(), QueryParameters.Tiles), ct);
            var sql = new FeatureSql(collection, query with { Bbox = tile.Bounds(FeatureQueries.TileBufferFraction) });
            await File.WriteAllTextAsync(Path.Combine(directory, $"tiles-{i:000}.sql"), sql.Inline(FeatureQueries.TileSql(sql, tile)) + ";\n", ct);
            tileUrls.Append($"/collections/{Collection}/tiles/{z}/{x}/{y}\n");
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "tiles.urls"), tileUrls.ToString(), ct);

        // The export: every feature, in the order /export writes them.
        var all = await requestsParser.ParseAsync(collection, Raw(new Dictionary<string, string>(), QueryParameters.Export), ct);
        var exportSql = new FeatureSql(collection, all);
        await File.WriteAllTextAsync(Path.Combine(directory, "export.sql"), exportSql.Inline(FeatureQueries.FeaturesSql(exportSql, null, 0)), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "export.url"), $"/export?format=geojson&collection={Collection}\n", ct);
    }

    private static IReadOnlyDictionary<string, string> Raw(IReadOnlyDictionary<string, string> parameters, IReadOnlyList<QueryParameter> accepted) =>
        ItemsQueryParser.Raw(parameters.Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value)), accepted);

    private static string Query(IReadOnlyDictionary<string, string> parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
}
