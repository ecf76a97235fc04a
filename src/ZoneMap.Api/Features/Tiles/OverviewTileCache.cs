using Microsoft.Extensions.Caching.Hybrid;
using ZoneMap.Core.Features;

namespace ZoneMap.Api.Features.Tiles;

/// <summary>
/// Keeps the tiles of national and provincial views (below z8) of thinned collections in memory, keyed by the data
/// version and the exact request. There are few such tiles and each costs up to a second or more (a z4 tile groups
/// every feature of a quarter of China), while the map asks for the same ones whenever someone zooms out. HybridCache
/// builds a tile once even when many clients ask for it at the same moment. Larger zooms are many, cheap and rarely
/// asked twice: they always come from the database.
/// </summary>
public sealed class OverviewTileCache(HybridCache cache)
{
    public const int BelowZoom = 8;
    /// <summary>Bound on the memory the cached tiles may take (the in-memory layer's size limit, in bytes).</summary>
    public const long CapacityBytes = 64L << 20;
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromHours(1), LocalCacheExpiration = TimeSpan.FromHours(1) };

    public static bool Caches(Data.Features.FeatureCollectionDefinition collection, TileAddress tile) =>
        collection.ThinnedTiles && tile.Z < BelowZoom;

    public async Task<byte[]> GetOrBuildAsync(string version, HttpRequest request, Func<CancellationToken, Task<byte[]>> build, CancellationToken ct) =>
        await cache.GetOrCreateAsync($"tile|{version}|{request.Path}|{request.QueryString}", async token => await build(token), Entry, cancellationToken: ct);

    /// <summary>The cache's services: a size-bounded memory layer (HybridCache gives every entry its byte size).</summary>
    public static IServiceCollection AddOverviewTileCache(IServiceCollection services)
    {
        services.AddMemoryCache(o => o.SizeLimit = CapacityBytes);
        services.AddHybridCache(o => o.MaximumPayloadBytes = 32 << 20);
        return services.AddSingleton<OverviewTileCache>();
    }
}
