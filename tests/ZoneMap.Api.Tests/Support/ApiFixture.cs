using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Support;

/// <summary>The real API in-process (WebApplicationFactory) over a throwaway PostGIS database.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("api");
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ZONEMAP_DB", Database.ConnectionString)
            .UseSetting("ZONEMAP_DB_READ", Database.ReaderConnectionString)
            .UseSetting("ZONEMAP_RATE_LIMIT", "0"));
    }

    public HttpClient Client() => Factory.CreateClient();

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
