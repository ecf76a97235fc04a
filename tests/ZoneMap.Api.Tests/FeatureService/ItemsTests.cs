using System.Net;
using System.Text.Json;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

[Collection(FeatureServerCollection.Name)]
public sealed class ItemsTests(FeatureServer server)
{
    [Fact]
    public async Task Zones_are_every_place_with_a_fact_with_the_documented_properties()
    {
        var response = await server.GetAsync("/collections/zones/items");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FeatureCollection", json.GetProperty("type").GetString());
        Assert.Equal(4, json.GetProperty("numberMatched").GetInt32());
        Assert.Equal(4, json.GetProperty("numberReturned").GetInt32());
        var xiyong = json.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "cq-xiyong");
        var p = xiyong.GetProperty("properties");
        Assert.Equal("西永微电园", p.GetProperty("name_zh").GetString());
        Assert.Equal("西永微電園", p.GetProperty("name_zht").GetString());
        Assert.Equal("Xiyong Microelectronics Park", p.GetProperty("name_en").GetString());
        Assert.Equal("park", p.GetProperty("kind").GetString());
        Assert.Equal("chongqing", p.GetProperty("region").GetString());
        Assert.Equal("500106", p.GetProperty("district").GetString());
        Assert.Equal(["integrated-circuits", "notebook-computers"], p.GetProperty("sectors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["new-generation-it"], p.GetProperty("families").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["2011-2015"], p.GetProperty("periods").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["core"], p.GetProperty("roles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("area", p.GetProperty("precision").GetString());
        Assert.Equal(2, p.GetProperty("mention_count").GetInt32());
        Assert.Equal(["西永", "西永微电园区"], p.GetProperty("aliases").EnumerateArray().Select(e => e.GetString()));
        Assert.True(p.GetProperty("location_estimated").GetBoolean());
        Assert.Equal("test sample proxy", p.GetProperty("location_source").GetString());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("location_source_url").ValueKind);
        Assert.Equal("WGS-84", p.GetProperty("location_datum").GetString());
        var geometry = xiyong.GetProperty("geometry");
        Assert.Equal("Point", geometry.GetProperty("type").GetString());
        Assert.Equal([106.33, 29.60], geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
    }

    [Theory]
    [InlineData("sector=integrated-circuits", "cq-xiyong,sh-zhangjiang")]
    [InlineData("sector=new-generation-it", "cq-xiyong,sh-zhangjiang")]
    [InlineData("sector=nev,biomedicine", "sh-lingang,sh-zhangjiang")]
    [InlineData("sector=integrated-circuits&period=2021-2025", "sh-zhangjiang")]
    [InlineData("period=2021-2025", "sh-lingang,sh-zhangjiang")]
    [InlineData("period=2013", "cq-liangjiang,cq-xiyong")]
    [InlineData("datetime=2016-01-01/2020-12-31", "")]
    [InlineData("datetime=../2015-12-31", "cq-liangjiang,cq-xiyong")]
    [InlineData("datetime=2025-06-01T00:00:00Z/..", "sh-lingang,sh-zhangjiang")]
    [InlineData("datetime=2012-03-04", "cq-liangjiang,cq-xiyong")]
    [InlineData("region=chongqing", "cq-liangjiang,cq-xiyong")]
    [InlineData("region=chongqing&kind=park", "cq-xiyong")]
    [InlineData("kind=new_area", "cq-liangjiang,sh-lingang")]
    [InlineData("q=Xiyong", "cq-xiyong")]
    [InlineData("q=xIYONG", "cq-xiyong")]
    [InlineData("q=%E8%A5%BF%E6%B0%B8", "cq-xiyong")] // 西永
    [InlineData("q=%E5%BC%B5%E6%B1%9F", "sh-zhangjiang")] // 張江 (Traditional)
    [InlineData("q=%E4%B8%A4%E6%B1%9F", "cq-liangjiang")] // 两江 (alias)
    [InlineData("q=100%25", "")] // % is literal, not a wildcard
    [InlineData("bbox=121.5,31.0,121.7,31.3", "sh-zhangjiang")]
    [InlineData("bbox=100,20,0,130,40,100", "cq-liangjiang,cq-xiyong,sh-lingang,sh-zhangjiang")] // 6 numbers (with heights)
    [InlineData("bbox=106,29,107,30&sector=integrated-circuits", "cq-xiyong")]
    public async Task Domain_filters_select_the_right_zones_and_combine_with_and(string query, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), await server.IdsAsync("/collections/zones/items?" + query));
    }

    [Fact]
    public async Task Paging_links_keep_every_filter_and_walk_the_whole_result()
    {
        var seen = new List<string>();
        var url = server.BaseUrl + "/collections/zones/items?region=chongqing,shanghai&sortby=-name_en&limit=1";
        string? prevSeen = null;
        for (var page = 0; url is not null; page++)
        {
            var json = JsonDocument.Parse(await server.Client.GetStringAsync(url)).RootElement;
            Assert.Equal(4, json.GetProperty("numberMatched").GetInt32());
            Assert.Equal(1, json.GetProperty("numberReturned").GetInt32());
            seen.Add(json.GetProperty("features")[0].GetProperty("id").GetString()!);
            var links = json.GetProperty("links").EnumerateArray().ToList();
            var next = links.FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            var prev = links.FirstOrDefault(l => l.GetProperty("rel").GetString() == "prev");
            if (page > 0) prevSeen = prev.GetProperty("href").GetString();
            Assert.Equal(page > 0, prev.ValueKind == JsonValueKind.Object);
            foreach (var l in new[] { next, prev }.Where(l => l.ValueKind == JsonValueKind.Object))
            {
                Assert.Equal("application/geo+json", l.GetProperty("type").GetString());
                var href = l.GetProperty("href").GetString()!;
                Assert.Contains("region=chongqing%2Cshanghai", href);
                Assert.Contains("sortby=-name_en", href);
                Assert.Contains("limit=1", href);
            }
            url = next.ValueKind == JsonValueKind.Object ? next.GetProperty("href").GetString() : null;
            Assert.True(page < 10);
        }
        Assert.Equal(["sh-zhangjiang", "cq-xiyong", "sh-lingang", "cq-liangjiang"], seen); // by English name, descending
        Assert.Contains("offset=2", prevSeen);
    }

    [Fact]
    public async Task Limit_over_the_maximum_is_clamped_and_offset_past_the_end_is_empty()
    {
        var json = await server.JsonAsync("/collections/zones/items?limit=99999999999999999999");
        Assert.Equal(4, json.GetProperty("numberReturned").GetInt32());
        json = await server.JsonAsync("/collections/zones/items?offset=10");
        Assert.Equal(0, json.GetProperty("numberReturned").GetInt32());
        Assert.Equal(4, json.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Properties_selects_and_sortby_orders()
    {
        var json = await server.JsonAsync("/collections/zones/items?properties=name_en,mention_count&sortby=-mention_count,%2Bname_en");
        var features = json.GetProperty("features").EnumerateArray().ToList();
        Assert.All(features, f => Assert.Equal(["name_en", "mention_count"], f.GetProperty("properties").EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["cq-xiyong", "cq-liangjiang", "sh-lingang", "sh-zhangjiang"], features.Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task One_feature_by_id_and_404_for_an_unknown_one()
    {
        var feature = await server.JsonAsync("/collections/zones/items/sh-zhangjiang");
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.Equal("张江科学城", feature.GetProperty("properties").GetProperty("name_zh").GetString());
        var missing = await server.GetAsync("/collections/zones/items/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("/collections/nothing/items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("/collections/nothing")).StatusCode);
    }

    [Fact]
    public async Task Other_collections_serve_their_features()
    {
        var districts = await server.JsonAsync("/collections/districts/items");
        var pudong = districts.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "310115");
        Assert.Equal(2, pudong.GetProperty("properties").GetProperty("zone_count").GetInt32());
        Assert.Equal("浦东新区", pudong.GetProperty("properties").GetProperty("name_zh").GetString());
        Assert.Equal("MultiPolygon", pudong.GetProperty("geometry").GetProperty("type").GetString());
        // RFC 7946: exterior rings counter-clockwise (positive signed area).
        var ring = pudong.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Select(c => (X: c[0].GetDouble(), Y: c[1].GetDouble())).ToList();
        var area = ring.Zip(ring.Skip(1)).Sum(s => s.First.X * s.Second.Y - s.Second.X * s.First.Y);
        Assert.True(area > 0, "exterior ring must be counter-clockwise");

        var mentions = await server.JsonAsync("/collections/mentions/items?sector=integrated-circuits&sortby=document");
        var first = mentions.GetProperty("features")[0];
        Assert.Equal(2, mentions.GetProperty("numberMatched").GetInt32());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("id").ValueKind);
        var mp = first.GetProperty("properties");
        Assert.Equal("cq-xiyong", mp.GetProperty("place_id").GetString());
        Assert.Equal("西永微电园", mp.GetProperty("name").GetString());
        Assert.Equal("样例重庆规划", mp.GetProperty("document_title").GetString());
        Assert.Equal(2, mp.GetProperty("line").GetInt32());
        Assert.Equal("西永微电园重点发展笔记本电脑和集成电路。", mp.GetProperty("quote").GetString());
        Assert.Equal("2011-2015", mp.GetProperty("period").GetString());

        var structures = await server.JsonAsync("/collections/structures/items?period=2011-2015");
        var core = structures.GetProperty("features").EnumerateArray().Single();
        Assert.Equal(["cq-liangjiang", "cq-xiyong"], core.GetProperty("properties").GetProperty("members").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("MultiPoint", core.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(0, (await server.JsonAsync("/collections/structures/items?period=2021-2025")).GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task Footprint_geometry_option_falls_back_to_the_point()
    {
        var feature = await server.JsonAsync("/collections/zones/items/cq-xiyong?geometry=footprint");
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
    }
}
