using ZoneMap.Data;

namespace ZoneMap.Api.Features.Collections;

public static class CollectionEndpoints
{
    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/zones/items", async (FeatureQueries queries, HttpContext http, CancellationToken ct) =>
        {
            http.Response.ContentType = "application/geo+json";
            await queries.WriteZonesAsync(http.Response.Body, ct);
        });
        return app;
    }
}
