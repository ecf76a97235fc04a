using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ZoneMap.Cli;
using ZoneMap.Cli.Commands;
using ZoneMap.Data.Geodata;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>
/// The real server (Kestrel on a loopback port) over the checkout's geodata plus 20 000 generated bulk features loaded
/// with `zonemap load`'s code path: enough rows that the planner's choices are the ones a national load gets.
/// </summary>
public sealed class BulkServer : IAsyncLifetime
{
    public const int Features = 20_000;
    public TestDatabase Database { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public HttpClient Client { get; } = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
    public DirectoryInfo Temp { get; } = Directory.CreateTempSubdirectory("zonemap-bulk-");

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("bulk");
        await GeodataLoader.LoadAsync(Database.ConnectionString, Repository.Geodata, CancellationToken.None);
        var file = Path.Combine(Temp.FullName, "national.geojson");
        await GenerateAsync(file, Features, seed: 11);
        await LoadCommand.LoadAsync(Database.ConnectionString, file, null, replace: true, CancellationToken.None, showProgress: false);
        App = ApiHost.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["ZONEMAP_DB"] = Database.ConnectionString;
            b.Configuration["ZONEMAP_DB_READ"] = Database.ReaderConnectionString;
            b.Configuration["ZONEMAP_RATE_LIMIT"] = "0";
        });
        await App.StartAsync();
        BaseUrl = App.Urls.First().TrimEnd('/');
    }

    public static async Task GenerateAsync(string path, long features, int seed)
    {
        await using var stream = File.Create(path);
        await BenchCommand.Dataset(new ProjectPaths(Repository.Root)).WriteGeoJsonAsync(stream, features, seed);
    }

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
        await App.StopAsync();
        await App.DisposeAsync();
        Client.Dispose();
        await Database.DisposeAsync();
        Temp.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class BulkServerCollection : ICollectionFixture<BulkServer>
{
    public const string Name = "bulk-server";
}
