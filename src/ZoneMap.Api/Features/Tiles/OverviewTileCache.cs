using Microsoft.Extensions.Caching.Memory;
using ZoneMap.Core.Features;

namespace ZoneMap.Api.Features.Tiles;

/// <summary>
/// Keeps the tiles of national and provincial views (below z8) of thinned collections in memory, keyed by the data
/// version and the exact request. There are few such tiles and each costs seconds (a z4 tile scans every feature of a
/// quarter of China), while the map asks for the same ones whenever someone zooms out. Larger zooms are many, cheap
/// and rarely asked twice: they always come from the database.
/// </summary>
public sealed class OverviewTileCache
{
    public const int BelowZoom = 8;
    private const long CapacityBytes = 64L << 20;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CapacityBytes });

    public static bool Caches(Data.Features.FeatureCollectionDefinition collection, TileAddress tile) =>
        collection.ThinnedTiles && tile.Z < BelowZoom;

    public async Task<byte[]> GetOrBuildAsync(string version, HttpRequest request, Func<Task<byte[]>> build)
    {
        var key = $"{version}|{request.Path}|{request.QueryString}";
        if (cache.TryGetValue(key, out byte[]? cached) && cached is not null) return cached;
        var bytes = await build();
        cache.Set(key, bytes, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length), SlidingExpiration = TimeSpan.FromHours(1) });
        return bytes;
    }
}
