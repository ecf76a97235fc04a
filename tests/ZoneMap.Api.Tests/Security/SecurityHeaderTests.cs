using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.Security;

[Collection(ApiCollection.Name)]
public sealed class SecurityHeaderTests(ApiFixture api)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/collections/zones/items")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await api.Client().GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        // No inline script, no eval: scripts come from this server only.
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Too_many_requests_get_429_problem_json_with_retry_after()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ZONEMAP_DB", api.Database.ConnectionString)
            .UseSetting("ZONEMAP_RATE_LIMIT", "3"));
        var client = factory.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetAsync("/health")));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var r in limited)
        {
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.True(int.Parse(Assert.Single(r.Headers.GetValues("Retry-After"))) >= 1);
        }
    }
}
