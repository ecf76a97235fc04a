using ZoneMap.Api.Features.Collections;
using ZoneMap.Data;

namespace ZoneMap.Api.Features.Sectors;

/// <summary>The sector taxonomy (families → sectors) with fact and zone counts.</summary>
public static class SectorEndpoints
{
    public static IEndpointRouteBuilder MapSectors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sectors", async (HttpRequest request, CatalogQueries catalog, CancellationToken ct) =>
        {
            ItemsQueryParser.Raw(request.Query, []);
            return TypedResults.Text(await catalog.SectorsAsync(ct), Ogc.Json, System.Text.Encoding.UTF8);
        }).AddEndpointFilter<OgcEndpointFilter>();
        return app;
    }
}
