using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ZoneMap.Api;
using ZoneMap.Data.Geodata;
using ZoneMap.Data.Ingest;

namespace ZoneMap.Tests.Shared;

/// <summary>What a test server's database holds.</summary>
public enum ServerData
{
    /// <summary><see cref="SampleData"/>: a few hand-made places, documents and mentions whose every answer is known.</summary>
    Sample,
    /// <summary>The checkout's geodata/ through the production loader and the five seeds through the production ingest.</summary>
    Real,
    /// <summary>The checkout's geodata/ only (districts, gazetteer, sectors), no plans: for suites that bring their own rows.</summary>
    Geodata,
}

/// <summary>
/// The real ZoneMap server (ApiHost.Build, Kestrel on a free loopback port) over a throwaway PostGIS database, connected
/// as production connects: the owner role as ZONEMAP_DB, the read-only role as ZONEMAP_DB_READ; no rate limit.
/// </summary>
public sealed class ZoneMapServer : IAsyncDisposable
{
    public TestDatabase Database { get; }
    public WebApplication App { get; }
    /// <summary>http://127.0.0.1:PORT/ (with the trailing slash).</summary>
    public string BaseUrl { get; }
    /// <summary>A client of BaseUrl that sends no Accept-Encoding, so responses arrive as the server writes them.</summary>
    public HttpClient Client { get; }
    /// <summary>The seeds' ingest reports (Real data only).</summary>
    public IReadOnlyList<DocumentIngestReport> Ingested { get; }

    private ZoneMapServer(TestDatabase database, WebApplication app, IReadOnlyList<DocumentIngestReport> ingested)
    {
        Database = database;
        App = app;
        Ingested = ingested;
        BaseUrl = app.Urls.First().TrimEnd('/') + "/";
        Client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(BaseUrl) };
    }

    /// <param name="suite">Names the throwaway database.</param>
    /// <param name="data">What to load before the server starts.</param>
    /// <param name="addData">Anything a suite adds on top (runs after the data is loaded, before the server starts).</param>
    public static async Task<ZoneMapServer> StartAsync(string suite, ServerData data, Func<TestDatabase, Task>? addData = null)
    {
        var database = await TestDatabase.CreateAsync(suite);
        try
        {
            IReadOnlyList<DocumentIngestReport> ingested = [];
            switch (data)
            {
                case ServerData.Sample: await SampleData.LoadAsync(database.ConnectionString); break;
                case ServerData.Real: ingested = await LoadRealDataAsync(database.ConnectionString); break;
                default: await GeodataLoader.LoadAsync(database.ConnectionString, Repository.Geodata, CancellationToken.None); break;
            }
            if (addData is not null) await addData(database);

            var app = ApiHost.Build([], b =>
            {
                b.WebHost.UseUrls("http://127.0.0.1:0");
                b.Configuration["ZONEMAP_DB"] = database.ConnectionString;
                b.Configuration["ZONEMAP_DB_READ"] = database.ReaderConnectionString;
                // A map page loads some twenty files at once, page after page: no per-client limit in tests.
                b.Configuration["ZONEMAP_RATE_LIMIT"] = "0";
            });
            await app.StartAsync();
            return new ZoneMapServer(database, app, ingested);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>geodata/ and seeds/ exactly as `zonemap serve` loads them on first run.</summary>
    private static async Task<IReadOnlyList<DocumentIngestReport>> LoadRealDataAsync(string connectionString)
    {
        await GeodataLoader.LoadAsync(connectionString, Repository.Geodata, CancellationToken.None);
        var reports = await PlanIngestor.IngestSeedsIfEmptyAsync(connectionString, Repository.Seeds, CancellationToken.None);
        var refused = reports.Where(r => !r.Ok).Select(r => $"{r.File}: {r.Error}").ToList();
        if (reports.Count == 0 || refused.Count > 0)
            throw new InvalidOperationException($"the seeds did not ingest: {(reports.Count == 0 ? "none ingested" : string.Join("; ", refused))}");
        return reports;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
