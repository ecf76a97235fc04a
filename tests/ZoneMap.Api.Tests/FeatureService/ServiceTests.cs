using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

[Collection(FeatureServerCollection.Name)]
public sealed class ServiceTests(FeatureServer server)
{
    private static IEnumerable<JsonElement> Links(JsonElement json, string rel) =>
        json.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == rel);

    [Fact]
    public async Task Landing_page_links_the_service_description_conformance_and_data()
    {
        var json = await server.JsonAsync("/");
        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", Links(json, "service-desc").Single().GetProperty("type").GetString());
        Assert.EndsWith("/api", Links(json, "service-desc").Single().GetProperty("href").GetString());
        Assert.EndsWith("/conformance", Links(json, "conformance").Single().GetProperty("href").GetString());
        Assert.EndsWith("/collections", Links(json, "data").Single().GetProperty("href").GetString());
        Assert.Single(Links(json, "self"));
    }

    [Fact]
    public async Task Conformance_declares_the_implemented_classes()
    {
        var json = await server.JsonAsync("/conformance");
        var classes = json.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        foreach (var c in new[] { "ogcapi-features-1/1.0/conf/core", "ogcapi-features-1/1.0/conf/geojson", "ogcapi-features-1/1.0/conf/oas30",
                     "ogcapi-features-1/1.0/conf/html", "ogcapi-features-3/1.0/conf/filter", "ogcapi-features-3/1.0/conf/features-filter",
                     "cql2/1.0/conf/cql2-text", "cql2/1.0/conf/basic-cql2" })
            Assert.Contains("http://www.opengis.net/spec/" + c, classes);
    }

    [Fact]
    public async Task Collections_state_extent_item_type_and_links()
    {
        var json = await server.JsonAsync("/collections");
        var collections = json.GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(["zones", "structures", "districts", "mentions", "features"], collections.Select(c => c.GetProperty("id").GetString()));
        foreach (var c in collections)
        {
            Assert.Equal("feature", c.GetProperty("itemType").GetString());
            Assert.Equal("application/geo+json", Links(c, "items").First().GetProperty("type").GetString());
            Assert.Single(Links(c, "queryables"));
            // An empty collection (no bulk features loaded here) has no spatial extent.
            if (!c.GetProperty("extent").TryGetProperty("spatial", out var spatial))
            {
                Assert.Equal(0, (await server.JsonAsync($"/collections/{c.GetProperty("id").GetString()}/items?limit=1")).GetProperty("numberMatched").GetInt32());
                continue;
            }
            var bbox = spatial.GetProperty("bbox");
            Assert.Equal(JsonValueKind.Array, bbox[0].ValueKind);
        }
        var zones = await server.JsonAsync("/collections/zones");
        Assert.Equal([106.33, 29.6, 121.9, 31.2], zones.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => Math.Round(v.GetDouble(), 6)));
        Assert.Equal(["2011-01-01T00:00:00Z", "2025-12-31T23:59:59Z"],
            zones.GetProperty("extent").GetProperty("temporal").GetProperty("interval")[0].EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task OpenApi_document_parses_and_lists_exactly_the_items_parameters()
    {
        var response = await server.GetAsync("/api");
        Assert.Equal("application/vnd.oai.openapi+json", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var settings = new OpenApiReaderSettings();
        var result = await OpenApiDocument.LoadAsync(stream, "json", settings);
        Assert.Empty(result.Diagnostic!.Errors);
        var document = result.Document!;
        var limit = document.Components!.Parameters!["limit"];
        Assert.Equal("10000", limit.Schema!.Maximum);
        Assert.Equal(100, limit.Schema.Default!.GetValue<int>());
        var items = document.Paths["/collections/{collectionId}/items"].Operations![HttpMethod.Get];
        var listed = items.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!).Order().ToList();
        Assert.Equal(QueryParameters.Items.Select(p => p.Name).Order(), listed);
        // Every listed parameter is accepted with a valid value.
        var examples = new Dictionary<string, string>
        {
            ["f"] = "json", ["bbox"] = "100,20,130,40", ["bbox-crs"] = "http://www.opengis.net/def/crs/OGC/1.3/CRS84", ["crs"] = "http://www.opengis.net/def/crs/OGC/1.3/CRS84", ["datetime"] = "2012-01-01",
            ["limit"] = "2", ["offset"] = "1", ["properties"] = "name_en", ["sortby"] = "name_en", ["sector"] = "nev", ["period"] = "2021-2025",
            ["region"] = "shanghai", ["kind"] = "park", ["q"] = "Lingang", ["filter"] = "kind = 'park'", ["filter-lang"] = "cql2-text",
            ["filter-crs"] = "http://www.opengis.net/def/crs/OGC/1.3/CRS84", ["geometry"] = "footprint",
        };
        foreach (var name in listed)
        {
            var r = await server.GetAsync($"/collections/zones/items?{name}={Uri.EscapeDataString(examples[name])}");
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{name}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Html_is_served_on_request()
    {
        foreach (var path in new[] { "/?f=html", "/collections?f=html", "/collections/zones?f=html", "/collections/zones/items?f=html", "/conformance?f=html" })
        {
            var response = await server.GetAsync(path);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
        var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/collections/zones/items");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var html = await (await server.Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("张江科学城", html);
        request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/collections/zones/items");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/geo+json"));
        Assert.Equal("application/geo+json", (await server.Client.SendAsync(request)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ETag_gives_304_and_changes_with_the_data()
    {
        var first = await server.GetAsync("/collections/zones/items?region=shanghai");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.NotNull(first.Headers.CacheControl);
        var again = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/collections/zones/items?region=shanghai");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        var other = await server.GetAsync("/collections/zones/items?region=chongqing");
        Assert.NotEqual(etag, other.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Responses_are_compressed_and_allow_cross_origin_get(string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/collections/zones/items");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        request.Headers.Add("Origin", "https://example.org");
        var response = await server.Client.SendAsync(request);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Documents_and_sectors()
    {
        var documents = await server.JsonAsync("/documents");
        var cq = documents.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "sample-cq");
        Assert.Equal("sample", cq.GetProperty("sha256").GetString());
        Assert.Equal("2011-2015", cq.GetProperty("period").GetString());
        Assert.Equal(3, cq.GetProperty("mention_count").GetInt32());
        var one = await server.JsonAsync("/documents/sample-sh");
        Assert.StartsWith("二、空间布局", one.GetProperty("text").GetString());
        var sectors = await server.JsonAsync("/sectors");
        var it = sectors.GetProperty("families").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "new-generation-it");
        Assert.Equal(2, it.GetProperty("zone_count").GetInt32());
        var ic = it.GetProperty("sectors").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "integrated-circuits");
        Assert.Equal(2, ic.GetProperty("fact_count").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("region=chongqing")]
    [InlineData("period=2011-2015")]
    [InlineData("kind=park&region=shanghai")]
    [InlineData("period=2021-2025&bbox=121,30,122,32")]
    [InlineData("q=%E5%BC%A0%E6%B1%9F")]
    [InlineData("filter=mention_count%20%3E%3D%202")]
    public async Task Sector_counts_are_the_zones_each_sector_adds_to_the_other_filters(string filters)
    {
        var sectors = await server.JsonAsync("/sectors?" + filters);
        var checkedAny = false;
        foreach (var family in sectors.GetProperty("families").EnumerateArray())
        {
            var id = family.GetProperty("id").GetString();
            Assert.Equal((await server.IdsAsync($"/collections/zones/items?sector={id}&{filters}")).Length, family.GetProperty("zone_count").GetInt32());
            foreach (var sector in family.GetProperty("sectors").EnumerateArray())
            {
                var zones = sector.GetProperty("zone_count").GetInt32();
                Assert.Equal((await server.IdsAsync($"/collections/zones/items?sector={sector.GetProperty("id").GetString()}&{filters}")).Length, zones);
                Assert.True(sector.GetProperty("fact_count").GetInt32() >= zones);
                checkedAny |= zones > 0;
            }
        }
        Assert.True(checkedAny || filters != "", "the unfiltered taxonomy counts some zones");
    }

    [Theory]
    [InlineData("sector=nev", "Unknown query parameter 'sector'")]
    [InlineData("region=atlantis", "Unknown region")]
    [InlineData("period=20-21", "period")]
    public async Task Sector_counts_refuse_what_they_cannot_filter_by(string query, string message)
    {
        var response = await server.GetAsync("/sectors?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
