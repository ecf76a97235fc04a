using ZoneMap.Api.Features.Collections;
using ZoneMap.Data;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Api.Features.Sectors;

/// <summary>
/// The sector taxonomy (families → sectors) with fact and zone counts; given the zones filters (region, period, kind,
/// bbox, q, filter…), the counts are of the zones those filters select, so a client can show "how many, if I add this
/// sector".
/// </summary>
public static class SectorEndpoints
{
    public static IEndpointRouteBuilder MapSectors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sectors", async (HttpRequest request, FeatureRequests requests, CatalogQueries catalog, CancellationToken ct) =>
        {
            var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.SectorCounts);
            var zones = await requests.ParseAsync(FeatureCatalog.Zones, raw, ct, OgcEndpointFilter.DataVersion(request.HttpContext));
            return TypedResults.Text(await catalog.SectorsAsync(new FeatureSql(FeatureCatalog.Zones, zones), ct), Ogc.Json, System.Text.Encoding.UTF8);
        }).AddEndpointFilter<OgcEndpointFilter>();
        return app;
    }
}
