using System.Text.Json;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>
/// The real server over the checkout's geodata plus 20 000 generated bulk features loaded with `zonemap load`'s code
/// path: enough rows that the planner's choices are the ones a national load gets.
/// </summary>
public sealed class BulkServer : IAsyncLifetime
{
    public const int Features = 20_000;
    private ZoneMapServer server = null!;
    public TestDatabase Database => server.Database;
    public string BaseUrl => server.BaseUrl.TrimEnd('/');
    public HttpClient Client => server.Client;
    public DirectoryInfo Temp { get; } = Directory.CreateTempSubdirectory("zonemap-bulk-");

    public async Task InitializeAsync() =>
        server = await ZoneMapServer.StartAsync("bulk", ServerData.Geodata, db => GeneratedBulkData.LoadAsync(db, Temp, Features, seed: 11));

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Client.GetAsync(BaseUrl + pathAndQuery);

    public async Task<JsonElement> JsonAsync(string pathAndQuery)
    {
        var response = await GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Temp.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class BulkServerCollection : ICollectionFixture<BulkServer>
{
    public const string Name = "bulk-server";
}
