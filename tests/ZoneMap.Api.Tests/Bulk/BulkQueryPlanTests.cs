using ZoneMap.Core.Features;
using ZoneMap.Data;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>The plans PostgreSQL picks for bulk-feature queries (20 000 rows, analysed): the indexes are used.</summary>
[Collection(BulkServerCollection.Name)]
public sealed class BulkQueryPlanTests(BulkServer server)
{
    private async Task<string> PlanAsync(FeatureQuery query, TileAddress? tile = null)
    {
        await using var ds = server.Database.OpenDataSource();
        var sql = new FeatureSql(FeatureCatalog.Features, query);
        var plan = await new FeatureQueries(ds).ExplainAsync(sql, tile, query.Limit, CancellationToken.None);
        return string.Join('\n', plan);
    }

    [Fact]
    public async Task A_bbox_items_query_uses_the_gist_index()
    {
        var plan = await PlanAsync(new FeatureQuery { Collection = "features", Bbox = new BoundingBox(121.4, 31.1, 121.5, 31.2) });
        Assert.Contains("IX_bulk_features_Geom", plan);
    }

    [Fact]
    public async Task A_tile_query_uses_the_gist_index()
    {
        var tile = new TileAddress(10, 857, 418);
        var plan = await PlanAsync(new FeatureQuery { Collection = "features", Bbox = tile.Bounds(FeatureQueries.TileBufferFraction) }, tile);
        Assert.Contains("IX_bulk_features_Geom", plan);
    }

    [Fact]
    public async Task A_sector_filter_uses_the_gin_index()
    {
        var plan = await PlanAsync(new FeatureQuery { Collection = "features", Sectors = ["integrated-circuits"], Limit = 10_000 });
        Assert.Contains("IX_bulk_features_SectorIds", plan);
    }
}
