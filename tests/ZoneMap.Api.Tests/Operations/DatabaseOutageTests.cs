using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ZoneMap.Cli.Postgres;
using ZoneMap.Data;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Operations;

/// <summary>
/// Stops PostgreSQL under a running ZoneMap. Uses a cluster of its own, so the other suites' database stays up.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly LocalCluster cluster = new(Path.Combine(Path.GetTempPath(), $"zonemap-outage-{Guid.NewGuid():N}"));
    private WebApplicationFactory<Program> factory = null!;

    public async Task InitializeAsync()
    {
        await cluster.EnsureRunningAsync();
        await cluster.EnsureDatabaseAsync();
        await ZoneMapDb.MigrateAsync(cluster.ConnectionString());
        await SampleData.LoadAsync(cluster.ConnectionString());
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ZONEMAP_DB", cluster.ConnectionString())
            .UseSetting("ZONEMAP_DB_READ", cluster.ReadConnectionString())
            .UseSetting("ZONEMAP_RATE_LIMIT", "0"));
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await cluster.StopAsync();
        Directory.Delete(cluster.Directory, recursive: true);
    }

    [Fact]
    public async Task Outage_turns_answers_into_fast_503s_and_recovery_needs_no_restart()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/collections/zones/items")).StatusCode);

        await cluster.StopAsync();
        foreach (var path in new[] { "/health", "/collections/zones/items" })
        {
            var clock = Stopwatch.StartNew();
            var response = await client.GetAsync(path);
            clock.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{path} took {clock.Elapsed.TotalMilliseconds:F0} ms during the outage");
        }

        await cluster.EnsureRunningAsync();
        // The pool may hold connections from before the restart; within a few requests ZoneMap must be whole again.
        var recovered = false;
        for (var i = 0; i < 10 && !recovered; i++)
        {
            recovered = (await client.GetAsync("/collections/zones/items")).StatusCode == HttpStatusCode.OK;
            if (!recovered) await Task.Delay(200);
        }
        Assert.True(recovered, "ZoneMap did not recover after PostgreSQL came back");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
