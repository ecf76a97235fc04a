using ZoneMap.Api.Features.Collections;
using ZoneMap.Data;

namespace ZoneMap.Api.Features.Export;

/// <summary>GET /export?format=geojson|csv|kml|gpkg|shp&amp;collection=zones plus every items filter.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export", Export).AddEndpointFilter<OgcEndpointFilter>();
        return app;
    }

    private static async Task<IResult> Export(HttpRequest request, FeatureRequests requests, FeatureExporter exporter, FeatureQueries queries, CancellationToken ct)
    {
        var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.Export);
        var format = ExportFormat.Parse(raw.GetValueOrDefault("format"));
        var collection = FeatureRequests.Collection(raw.GetValueOrDefault("collection") ?? "zones");
        var query = await requests.ParseAsync(collection, raw, ct, OgcEndpointFilter.DataVersion(request.HttpContext));
        int? limit = raw.ContainsKey("limit") ? query.Limit : null;
        var disposition = $"attachment; filename=\"{FeatureExporter.FileName(query, format)}\"";
        request.HttpContext.Response.Headers.ContentDisposition = disposition;
        if (FeatureExporter.Streams(format))
            return TypedResults.Stream(body => exporter.WriteAsync(collection, query, limit, format, body, request.HttpContext.RequestAborted), format.ContentType);
        // GeoPackage and Shapefile are files: written to a temp file (deleted when sent) before the first byte goes out,
        // so a late problem is still a clean 4xx and memory stays flat.
        var file = await exporter.WriteFileAsync(collection, query, limit, format, ct);
        return TypedResults.Stream(file, format.ContentType);
    }
}
