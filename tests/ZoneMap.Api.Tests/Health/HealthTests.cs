using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.Health;

[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Fact]
    public async Task Health_is_200_when_the_database_answers()
    {
        var response = await api.Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_503_problem_json_when_the_database_is_unreachable()
    {
        // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
        await using var factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseSetting("ZONEMAP_DB", "Host=127.0.0.1;Port=9;Username=nobody;Database=none;Timeout=2"));
        var response = await factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
