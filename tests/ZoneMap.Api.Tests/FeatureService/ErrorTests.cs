using System.Net;
using System.Text.Json;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

[Collection(FeatureServerCollection.Name)]
public sealed class ErrorTests(FeatureServer server)
{
    [Theory]
    [InlineData("bbox=1,2,3", "4 (west,south,east,north)")]
    [InlineData("bbox=a,b,c,d", "must be 4 numbers")]
    [InlineData("bbox=121,32,122,31", "inverted")]
    [InlineData("bbox=122,31,121,32", "west is greater than east")]
    [InlineData("bbox=-200,0,0,10", "outside the world")]
    [InlineData("bbox=NaN,0,1,1", "must be 4 numbers")]
    [InlineData("bbox-crs=EPSG:3857", "bbox-crs")]
    [InlineData("crs=http://www.opengis.net/def/crs/EPSG/0/3857", "crs 'http")]
    [InlineData("limit=abc", "not a whole number")]
    [InlineData("limit=-5", "not a whole number")]
    [InlineData("limit=0", "at least 1")]
    [InlineData("limit=1.5", "not a whole number")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=x", "offset")]
    [InlineData("offset=99999999999", "offset")]
    [InlineData("sector=steel", "Unknown sector 'steel'")]
    [InlineData("sector=nev,steel", "Unknown sector 'steel'")]
    [InlineData("period=2031-2035", "Unknown period")]
    [InlineData("period=1999", "Unknown period")]
    [InlineData("period=twenty", "plan period such as 2021-2025")]
    [InlineData("period=2025-2021", "ends before it starts")]
    [InlineData("region=beijing", "Unknown region 'beijing'")]
    [InlineData("kind=harbour", "Unknown kind 'harbour'")]
    [InlineData("f=xml", "Unknown format")]
    [InlineData("properties=name_zh,secret", "Unknown property 'secret'")]
    [InlineData("sortby=sectors", "Cannot sort by 'sectors'")]
    [InlineData("sortby=nonsense", "Cannot sort by")]
    [InlineData("datetime=yesterday", "RFC 3339")]
    [InlineData("datetime=2020-13-45", "RFC 3339")]
    [InlineData("datetime=2020-01-01/2019-01-01", "ends before it starts")]
    [InlineData("datetime=../..%2F..", "more than one")]
    [InlineData("geometry=outline", "geometry 'outline'")]
    [InlineData("q=", "q is empty")]
    [InlineData("filter-lang=cql2-json", "only cql2-text")]
    [InlineData("filter=name_zh+%3D", "Invalid filter")]
    [InlineData("filter=sectors+%3D+%27nev%27", "not a queryable")]
    [InlineData("filter=mention_count+%3D+%27two%27", "is a number")]
    [InlineData("filter=name_en+%3D+3", "is text")]
    [InlineData("filter=location_estimated+%3D+%27yes%27", "compare it with TRUE or FALSE")]
    [InlineData("filter=location_estimated+LIKE+%27t%25%27", "is true or false")]
    [InlineData("filter=T_BEFORE(a,b)", "not supported")]
    [InlineData("filter=S_INTERSECTS(geometry,POLYGON((0+0,1+1)))", "Invalid WKT")]
    [InlineData("unknown=1", "Unknown query parameter 'unknown'")]
    [InlineData("limit=1&limit=2", "given 2 times")]
    public async Task Bad_parameters_are_400_problem_json_saying_what_to_fix(string query, string message)
    {
        var response = await server.GetAsync("/collections/zones/items?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query} → {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.False(response.Headers.Contains("ETag"));
    }

    [Theory]
    [InlineData("/collections/districts/items?sector=nev", "no sector filter")]
    [InlineData("/collections/districts/items?datetime=2020-01-01", "no datetime filter")]
    [InlineData("/collections/mentions/items?geometry=footprint", "only available for zones")]
    [InlineData("/export?format=pdf", "Unknown export format 'pdf'")]
    [InlineData("/export", "format is required")]
    [InlineData("/api?f=html", "Unknown format")]
    [InlineData("/collections?limit=3", "Unknown query parameter 'limit'")]
    // Found by the fuzz suite: a CQL2 property the collection lacks, in an export, was a 500.
    [InlineData("/export?format=geojson&collection=districts&filter=period_end%20BETWEEN%201%20AND%202", "not a queryable of districts")]
    [InlineData("/export?format=gpkg&collection=districts&filter=period_end%20%3D%201", "not a queryable of districts")]
    public async Task Filters_a_collection_does_not_have_are_400(string url, string message)
    {
        var response = await server.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}: {body}");
        Assert.Contains(message, body);
    }

    public static TheoryData<string> Hostile() => new()
    {
        "q=%27%3B+DROP+TABLE+places%3B--",
        "sector=x%27)%20OR%201%3D1--",
        "sortby=name_en%3BDROP+TABLE+places",
        "properties=id%22)%20FROM%20places%3B--",
        "filter=name_en+%3D+%27x%27%27+OR+1%3D1--%27",
        "filter=%22name_en%22%3B+DROP+TABLE+places+%3D+%27x%27",
        "q=" + new string('x', 100_000),
        "filter=" + string.Concat(Enumerable.Repeat("NOT+", 60)) + "id+%3D+%27x%27",
        "filter=" + string.Join("+OR+", Enumerable.Range(0, 60).Select(i => $"id%3D%27{i}%27")),
        "filter=" + new string('(', 5000) + "id%3D%27x%27" + new string(')', 5000),
        "q=%00",
        "q=abc%00def",
        "filter=id+%3D+%27%00%27",
        "q=%FF%FE",
        "q=%C3%28",
        "q=%ED%A0%80",
        "region=%00",
        "bbox=1e400,0,1,1",
        "limit=%00",
        "q=a&q=b&q=c",
        "f=%00",
        "datetime=%00",
        "%00=1",
        "offset=1e3",
        "sortby=",
        "properties=",
        "filter=S_INTERSECTS(geometry,POINT(1e309+0))",
        "filter=" + Uri.EscapeDataString("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 0 1, 1 1, 0 0)))"),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task No_query_string_however_hostile_is_a_500(string query)
    {
        foreach (var path in new[] { "/collections/zones/items?", "/collections/mentions/items?", "/export?format=csv&" })
        {
            var response = await server.GetAsync(path + query);
            // 414: Kestrel refuses request lines over its limit before ZoneMap sees them.
            Assert.True((int)response.StatusCode is 200 or 400 or 404 or 414, $"{path}{query[..Math.Min(query.Length, 80)]} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        // Still intact afterwards.
        Assert.Equal(4, (await server.IdsAsync("/collections/zones/items")).Length);
    }

    [Fact]
    public async Task Hostile_path_segments_are_404_not_500()
    {
        foreach (var path in new[] { "/collections/zones/items/%00", "/collections/%00/items", "/collections/zones/items/%27%3B--", "/documents/%00", "/documents/nope",
                     "/collections/zones/items/" + new string('a', 5000), "/collections/zones/items/%FF" })
        {
            var response = await server.GetAsync(path);
            // Kestrel itself answers 400 to a NUL in the path.
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path[..Math.Min(60, path.Length)]} → {(int)response.StatusCode}");
        }
    }
}
