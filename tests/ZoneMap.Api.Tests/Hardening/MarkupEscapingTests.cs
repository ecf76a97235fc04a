using System.Net;
using System.Text.Json;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// Markup in plan text (HostileData) leaves every endpoint as data: exact strings in JSON/GeoJSON, HTML-encoded in
/// f=html pages and KML, never as live tags. The map's own handling is checked in a browser (ZoneMap.Browser.Tests).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class MarkupEscapingTests(HostileFixture fixture)
{
    private static readonly string[] JsonUrls =
    [
        $"/collections/zones/items/{HostileData.PlaceId}", "/collections/zones/items?region=shanghai&limit=1000", "/collections/mentions/items?limit=1000",
        $"/documents/{HostileData.DocumentId}", "/documents", "/export?format=geojson&collection=zones&region=shanghai",
        "/export?format=geojson&collection=mentions&region=shanghai",
    ];

    private static readonly string[] HtmlUrls =
    [
        $"/collections/zones/items/{HostileData.PlaceId}?f=html", "/collections/zones/items?region=shanghai&f=html", "/collections/mentions/items?limit=1000&f=html",
        $"/documents/{HostileData.DocumentId}?f=html", "/documents?f=html",
    ];

    [Fact]
    public async Task Json_endpoints_carry_the_markup_as_exact_strings()
    {
        foreach (var url in JsonUrls)
        {
            using var response = await fixture.Client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body}");
            Assert.EndsWith("json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var strings = Strings(JsonDocument.Parse(body).RootElement).ToList();
            Assert.True(strings.Any(s => s.Contains(HostileData.ScriptPayload) || s.Contains(HostileData.ImagePayload)), $"{url} does not show the hostile text at all");
        }
    }

    [Fact]
    public async Task Html_pages_encode_the_markup()
    {
        var shown = 0;
        foreach (var url in HtmlUrls)
        {
            using var response = await fixture.Client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            // Not every resource has an HTML form; those that do must encode.
            if (response.StatusCode == HttpStatusCode.BadRequest && (body.Contains("'f'") || body.Contains("format", StringComparison.OrdinalIgnoreCase))) continue;
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            AssertEncoded(url, body);
            Assert.True(body.Contains("&lt;script&gt;") || body.Contains("&lt;img src=x"), $"{url} does not show the hostile text at all");
            shown++;
        }
        Assert.True(shown >= 3, $"only {shown} HTML pages could be checked");
    }

    [Fact]
    public async Task Kml_export_encodes_the_markup()
    {
        using var response = await fixture.Client.GetAsync("/export?format=kml&collection=zones&region=shanghai");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        AssertEncoded("kml", body);
        Assert.Contains("&lt;script&gt;", body);
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(body));
    }

    private static void AssertEncoded(string url, string body)
    {
        // With '<' encoded nothing else can open a tag; quotes in text content are harmless.
        foreach (var raw in new[] { "<script>window.__xss", "<img src=x" })
            Assert.False(body.Contains(raw, StringComparison.OrdinalIgnoreCase), $"{url} contains raw '{raw}'");
    }

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };
}
