using Microsoft.AspNetCore.Hosting;
using ZoneMap.Api.Tests.Support;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// The in-process API (ApiFixture) over SampleData plus HostileData, so the fuzz, injection and escaping tests all run
/// against real rows, hostile text included.
/// </summary>
public sealed class HostileFixture : IAsyncLifetime
{
    private readonly ApiFixture api = new();
    public TestDatabase Database => api.Database;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await api.InitializeAsync();
        await SampleData.LoadAsync(Database.ConnectionString);
        await HostileData.AddAsync(Database.ConnectionString);
        Client = api.Client();
    }

    /// <summary>The same API, but reading as the owner role: shows injections fail by design, not only for lack of grants.</summary>
    public HttpClient OwnerClient() => api.Factory
        .WithWebHostBuilder(b => b.UseSetting("ZONEMAP_DB_READ", Database.ConnectionString))
        .CreateClient();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileFixture>
{
    public const string Name = "hostile";
}
