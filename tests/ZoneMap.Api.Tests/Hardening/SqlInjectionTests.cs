using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// Crafted q, sector, sortby, properties and filter values change no data and return nothing they should not —
/// also when the server reads as the owner role, so the whitelist-and-parameters design is what stops them, not grants.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class SqlInjectionTests(HostileFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Payloads =
    [
        "'); DROP TABLE places;--", "x' OR '1'='1", "' OR 1=1--", "name_zh; DELETE FROM mentions", "name_en\"; TRUNCATE zone_facts; --",
        "x' UNION SELECT rolname, rolpassword FROM pg_authid--", "x' UNION SELECT \"Id\", \"Text\" FROM documents--",
        "1 UNION SELECT usename FROM pg_user", "x'; SELECT pg_sleep(5);--", "'||pg_sleep(5)||'", "$$; DROP TABLE documents; $$",
        "\\'; DELETE FROM places WHERE '1'='1", "id) FROM places; DELETE FROM documents; --", "E'\\x27; DROP TABLE sectors;--'",
    ];

    private static readonly string[] Endpoints =
    [
        "/collections/zones/items", "/collections/mentions/items", "/collections/structures/items", "/collections/districts/items",
        "/export?format=geojson&collection=zones", "/export?format=csv&collection=mentions",
    ];

    private static string With(string endpoint, string query) => endpoint + (endpoint.Contains('?') ? "&" : "?") + query;

    [Fact]
    public async Task Injected_values_change_no_data_and_leak_no_rows()
    {
        var before = await DatabaseContent.HashAsync(fixture.Database.ConnectionString);
        using var owner = fixture.OwnerClient();
        var statuses = new Dictionary<int, int>();
        foreach (var client in new[] { fixture.Client, owner })
        foreach (var endpoint in Endpoints)
        foreach (var payload in Payloads)
        foreach (var parameter in new[] { "q", "sector", "sortby", "properties", "filter", "region", "kind", "period" })
        {
            var url = With(endpoint, parameter + "=" + Uri.EscapeDataString(payload));
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is 200 or 400, $"{url} → {status}: {body}");
            // pg_sleep(5) did not run.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"{url} took {clock.Elapsed.TotalSeconds:0.0} s");
            AssertNoLeak(url, body);
            // No row's name or quote contains these payloads: an answer that is not a 400 must be empty.
            if (status == 200) Assert.True(RowCount(endpoint, body) == 0, $"{url} returned rows: {body[..Math.Min(400, body.Length)]}");
        }
        output.WriteLine("injection statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.Equal(before, await DatabaseContent.HashAsync(fixture.Database.ConnectionString));
    }

    [Theory]
    [InlineData("name_en = 'Zhangjiang Science City'", "name_en = 'Zhangjiang Science City' OR name_en = 'x'' OR ''1''=''1'")]
    [InlineData("name_en = 'Zhangjiang Science City'", "name_en = 'Zhangjiang Science City' OR name_en = ''') OR (1=1'")]
    [InlineData("region = 'chongqing'", "region = 'chongqing' AND name_zh <> ''';DELETE FROM mentions;--'")]
    [InlineData("region = 'chongqing'", "region = 'chongqing' OR region LIKE '%'' UNION SELECT \"Text\" FROM documents--'")]
    public async Task A_valid_filter_carrying_an_injection_in_a_string_returns_exactly_the_rows_of_the_filter_without_it(string clean, string injected)
    {
        var before = await DatabaseContent.HashAsync(fixture.Database.ConnectionString);
        using var owner = fixture.OwnerClient();
        foreach (var client in new[] { fixture.Client, owner })
        {
            var expected = await IdsAsync(client, "/collections/zones/items?filter=" + Uri.EscapeDataString(clean));
            Assert.NotEmpty(expected);
            var actual = await IdsAsync(client, "/collections/zones/items?filter=" + Uri.EscapeDataString(injected));
            Assert.Equal(expected, actual);
        }
        Assert.Equal(before, await DatabaseContent.HashAsync(fixture.Database.ConnectionString));
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").ToString()).Order(StringComparer.Ordinal).ToArray();
    }

    private static void AssertNoLeak(string url, string body)
    {
        foreach (var secret in new[] { "SCRAM-SHA-256$", "md5", "zonemap_owner", "zonemap_reader", "postgres", "rolpassword" })
            Assert.False(body.Contains(secret, StringComparison.Ordinal) && !Uri.UnescapeDataString(url).Contains(secret, StringComparison.Ordinal),
                $"{url} answered with '{secret}': {body[..Math.Min(400, body.Length)]}");
    }

    private static int RowCount(string endpoint, string body) => endpoint.Contains("format=csv")
        ? body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1
        : JsonDocument.Parse(body).RootElement.GetProperty("features").GetArrayLength();
}
