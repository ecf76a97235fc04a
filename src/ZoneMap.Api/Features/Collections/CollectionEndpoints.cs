using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZoneMap.Data;

namespace ZoneMap.Api.Features.Collections;

// STAND-IN (webmap branch only): just enough of the OGC API – Features contract for the web map's browser tests
// (zones/mentions/districts/structures items with filters, /sectors, /documents/{id}, /export?format=geojson).
// The ogcapi branch's endpoints replace this whole file at merge.
public static partial class CollectionEndpoints
{
    private delegate Task<FeaturePage> PageQuery(FeatureQueries queries, FeatureFilter filter, CancellationToken ct);

    private static readonly Dictionary<string, PageQuery> Collections = new()
    {
        ["zones"] = (q, f, ct) => q.ZonesAsync(f, ct),
        ["mentions"] = (q, f, ct) => q.MentionsAsync(f, ct),
        ["districts"] = (q, f, ct) => q.DistrictsAsync(f, ct),
        ["structures"] = (q, f, ct) => q.StructuresAsync(f, ct),
    };

    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{collection}/items", async (string collection, FeatureQueries queries, HttpContext http, CancellationToken ct) =>
        {
            if (!Collections.TryGetValue(collection, out var query))
                return Results.Problem($"There is no collection '{collection}'.", statusCode: 404);
            if (ParseFilter(http.Request.Query, out var error) is not { } filter)
                return Results.Problem(error, statusCode: 400);
            var page = await query(queries, filter, ct);
            return Results.Text(FeatureCollection(page, filter, http.Request), "application/geo+json", Encoding.UTF8);
        });

        app.MapGet("/sectors", async (FeatureQueries queries, CancellationToken ct) =>
            Results.Text(await queries.SectorsJsonAsync(ct), "application/json", Encoding.UTF8));

        app.MapGet("/documents/{id}", async (string id, FeatureQueries queries, CancellationToken ct) =>
            await queries.DocumentJsonAsync(id, ct) is { } json
                ? Results.Text(json, "application/json", Encoding.UTF8)
                : Results.Problem($"There is no document '{id}'.", statusCode: 404));

        app.MapGet("/export", async (FeatureQueries queries, HttpContext http, CancellationToken ct) =>
        {
            var format = http.Request.Query["format"].ToString();
            var collection = http.Request.Query["collection"].ToString() is { Length: > 0 } c ? c : "zones";
            if (format != "geojson") return Results.Problem($"The stand-in export only writes geojson, not '{format}'.", statusCode: 400);
            if (!Collections.TryGetValue(collection, out var query)) return Results.Problem($"There is no collection '{collection}'.", statusCode: 404);
            if (ParseFilter(http.Request.Query, out var error) is not { } filter) return Results.Problem(error, statusCode: 400);
            var page = await query(queries, filter with { Limit = int.MaxValue, Offset = 0 }, ct);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{collection}.geojson\"";
            return Results.Text(FeatureCollection(page, filter, http.Request), "application/geo+json", Encoding.UTF8);
        });
        return app;
    }

    private static FeatureFilter? ParseFilter(IQueryCollection query, out string error)
    {
        error = "";
        var filter = new FeatureFilter();
        if (query["limit"].ToString() is { Length: > 0 } limit)
        {
            if (!int.TryParse(limit, out var n) || n is < 1 or > 10000) { error = "limit must be a whole number from 1 to 10000."; return null; }
            filter = filter with { Limit = n };
        }
        if (query["offset"].ToString() is { Length: > 0 } offset)
        {
            if (!int.TryParse(offset, out var n) || n < 0) { error = "offset must be a whole number of 0 or more."; return null; }
            filter = filter with { Offset = n };
        }
        if (query["period"].ToString() is { Length: > 0 } period)
        {
            var m = PeriodPattern().Match(period);
            if (!m.Success) { error = "period must be a year or a range such as 2021-2025."; return null; }
            var start = int.Parse(m.Groups[1].Value);
            filter = filter with { PeriodStart = start, PeriodEnd = m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : start };
        }
        if (query["region"].ToString() is { Length: > 0 } region)
        {
            if (region is not ("shanghai" or "chongqing")) { error = "region must be shanghai or chongqing."; return null; }
            filter = filter with { Region = region };
        }
        if (query["sector"].ToString() is { Length: > 0 } sectors)
            filter = filter with { Sectors = sectors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
        if (query["kind"].ToString() is { Length: > 0 } kind) filter = filter with { Kind = kind };
        if (query["q"].ToString() is { Length: > 0 } q) filter = filter with { Q = q.Trim() };
        return filter;
    }

    private static string FeatureCollection(FeaturePage page, FeatureFilter filter, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteNumber("numberMatched", page.NumberMatched);
            json.WriteNumber("numberReturned", page.Features.Count);
            json.WriteStartArray("links");
            WriteLink(json, "self", request.Path + request.QueryString);
            if (filter.Offset + page.Features.Count < page.NumberMatched)
            {
                var next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
                next["offset"] = (filter.Offset + page.Features.Count).ToString();
                next["limit"] = filter.Limit.ToString();
                WriteLink(json, "next", request.Path + QueryString.Create(next));
            }
            json.WriteEndArray();
            json.WriteStartArray("features");
            foreach (var feature in page.Features) json.WriteRawValue(feature, skipInputValidation: true);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteLink(Utf8JsonWriter json, string rel, string href)
    {
        json.WriteStartObject();
        json.WriteString("rel", rel);
        json.WriteString("type", "application/geo+json");
        json.WriteString("href", href);
        json.WriteEndObject();
    }

    [GeneratedRegex(@"^(\d{4})(?:-(\d{4}))?$")]
    private static partial Regex PeriodPattern();
}
