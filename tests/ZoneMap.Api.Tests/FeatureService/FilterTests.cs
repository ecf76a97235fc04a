using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

[Collection(FeatureServerCollection.Name)]
public sealed class FilterTests(FeatureServer server)
{
    [Theory]
    [InlineData("name_en LIKE 'Zhang%'", "sh-zhangjiang")]
    [InlineData("name_en NOT LIKE '%Area'", "cq-xiyong,sh-zhangjiang")]
    [InlineData("mention_count >= 2", "cq-xiyong")]
    [InlineData("2 <= mention_count", "cq-xiyong")]
    [InlineData("mention_count BETWEEN 0 AND 1", "cq-liangjiang,sh-lingang,sh-zhangjiang")]
    [InlineData("kind IN ('park') AND NOT region = 'shanghai'", "cq-xiyong")]
    [InlineData("kind = 'park' OR region = 'chongqing'", "cq-liangjiang,cq-xiyong,sh-zhangjiang")]
    [InlineData("(kind = 'park' OR region = 'chongqing') AND name_zh <> '两江新区'", "cq-xiyong,sh-zhangjiang")]
    [InlineData("\"name_zht\" = '張江科學城'", "sh-zhangjiang")]
    [InlineData("id NOT IN ('cq-xiyong', 'sh-zhangjiang')", "cq-liangjiang,sh-lingang")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((121 30, 122 30, 122 31, 121 31, 121 30)))", "sh-lingang")]
    [InlineData("S_INTERSECTS(geometry, BBOX(106, 29, 107, 30))", "cq-liangjiang,cq-xiyong")]
    [InlineData("S_WITHIN(geometry, POLYGON((106 29, 107 29, 107 30, 106 30, 106 29))) AND kind = 'park'", "cq-xiyong")]
    [InlineData("S_INTERSECTS(geometry, POINT(121.59 31.2))", "sh-zhangjiang")]
    [InlineData("NOT S_INTERSECTS(geometry, BBOX(100, 20, 115, 35))", "sh-lingang,sh-zhangjiang")]
    [InlineData("name_en = 'x'' OR ''1''=''1'", "")]
    [InlineData("district IS NULL", "")]
    [InlineData("precision = 'area' AND region = 'shanghai'", "sh-lingang,sh-zhangjiang")]
    [InlineData("location_estimated = FALSE", "sh-zhangjiang")]
    [InlineData("location_estimated = TRUE AND region = 'shanghai'", "sh-lingang")]
    [InlineData("NOT location_estimated = TRUE", "sh-zhangjiang")]
    public async Task Cql2_text_filters_select_the_matching_zones(string filter, string expected)
    {
        var ids = await server.IdsAsync("/collections/zones/items?filter-lang=cql2-text&filter-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84&filter=" + Uri.EscapeDataString(filter));
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), ids);
    }

    [Fact]
    public async Task Filter_combines_with_the_other_parameters()
    {
        var ids = await server.IdsAsync("/collections/zones/items?sector=integrated-circuits&filter=" + Uri.EscapeDataString("region = 'shanghai'"));
        Assert.Equal(["sh-zhangjiang"], ids);
        var mentions = await server.IdsAsync("/collections/mentions/items?filter=" + Uri.EscapeDataString("document = 'sample-cq' AND line = 1"));
        Assert.Equal(2, mentions.Length);
    }

    [Fact]
    public async Task Queryables_list_exactly_what_filter_accepts()
    {
        var queryables = await server.JsonAsync("/collections/zones/queryables");
        var names = queryables.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("geometry", names);
        Assert.DoesNotContain("sectors", names);
        foreach (var name in names.Where(n => n != "geometry"))
        {
            var literal = queryables.GetProperty("properties").GetProperty(name).GetProperty("type").GetString() switch
            {
                "integer" => "0",
                "boolean" => "TRUE",
                _ => "'x'",
            };
            var response = await server.GetAsync("/collections/zones/items?filter=" + Uri.EscapeDataString($"{name} = {literal}"));
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // kind and region list the values their filters know: each selects zones, and they are all the data has.
        var kinds = queryables.GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var regions = queryables.GetProperty("properties").GetProperty("region").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(["new_area", "park"], kinds.Intersect(["new_area", "park", "parcel"]));
        Assert.Equal(["chongqing", "shanghai"], regions);
        foreach (var kind in kinds)
            Assert.NotEmpty(await server.IdsAsync($"/collections/zones/items?kind={kind}"));
    }
}
