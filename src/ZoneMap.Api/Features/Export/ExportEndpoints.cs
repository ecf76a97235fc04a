using ZoneMap.Api.Features.Collections;
using ZoneMap.Data;
using ZoneMap.Data.Queries;

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
        var query = await requests.ParseAsync(collection, raw, ct);
        int? limit = raw.ContainsKey("limit") ? query.Limit : null;
        var disposition = $"attachment; filename=\"{FeatureExporter.FileName(query, format)}\"";
        if (format.Id == "geojson")
            return new FeatureCollectionResult(queries, new FeatureSql(collection, query), null, limit, query.Offset, null, disposition);
        // Files are built whole before the first byte goes out, so a late error can still be a clean 4xx.
        var buffer = new MemoryStream();
        await exporter.WriteAsync(collection, query, limit, format, buffer, ct);
        request.HttpContext.Response.Headers.ContentDisposition = disposition;
        return TypedResults.File(buffer.ToArray(), format.ContentType);
    }
}
