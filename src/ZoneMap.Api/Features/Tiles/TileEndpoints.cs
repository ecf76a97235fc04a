using System.Globalization;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Core.Features;
using ZoneMap.Data;
using ZoneMap.Data.Queries;

namespace ZoneMap.Api.Features.Tiles;

/// <summary>
/// GET /collections/{id}/tiles/{z}/{x}/{y}: a Mapbox Vector Tile (WebMercatorQuad) of the collection with the items
/// filters. An empty tile answers 204 No Content (cacheable, with its ETag), as MapLibre and Leaflet plugins expect.
/// </summary>
public static class TileEndpoints
{
    public const string MediaType = "application/vnd.mapbox-vector-tile";

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{collectionId}/tiles/{z}/{x}/{y}", Tile).AddEndpointFilter<OgcEndpointFilter>();
        return app;
    }

    private static async Task<IResult> Tile(string collectionId, string z, string x, string y, HttpRequest request,
        FeatureRequests requests, FeatureQueries queries, OverviewTileCache overviews, CancellationToken ct)
    {
        var collection = FeatureRequests.Collection(collectionId);
        var tile = TileAddress.Create(Coordinate(z, "z"), Coordinate(x, "x"), Coordinate(y, "y"), out var error)
            ?? throw new QueryException(error!);
        var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.Tiles);
        var query = await requests.ParseAsync(collection, raw, ct, OgcEndpointFilter.DataVersion(request.HttpContext));
        // The tile is the bbox: the same WHERE as items, so the spatial index picks the rows.
        var sql = new FeatureSql(collection, query with { Bbox = tile.Bounds(FeatureQueries.TileBufferFraction) });
        var bytes = OverviewTileCache.Caches(collection, tile)
            ? await overviews.GetOrBuildAsync(OgcEndpointFilter.DataVersion(request.HttpContext) ?? await queries.DataVersionAsync(ct), request, token => queries.TileAsync(sql, tile, token), ct)
            : await queries.TileAsync(sql, tile, ct);
        return bytes.Length == 0 ? TypedResults.NoContent() : TypedResults.Bytes(bytes, MediaType);
    }

    private static int Coordinate(string value, string name) =>
        value.Length <= 9 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new QueryException($"{name} must be a whole number, e.g. /tiles/4/13/6; got '{(value.Length > 20 ? value[..20] + "…" : value)}'.");
}
