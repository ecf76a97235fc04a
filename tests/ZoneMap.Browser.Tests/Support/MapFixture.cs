using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using ZoneMap.Data.Model;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Browser.Tests.Support;

/// <summary>
/// The real ZoneMap server (<see cref="ZoneMapServer"/>) over SampleData plus a structure and an earlier Shanghai plan,
/// and a headless Chromium (the system's: Playwright cannot download browsers here).
/// </summary>
public class MapFixture : IAsyncLifetime
{
    /// <summary>A tile URL nothing answers (the discard port on loopback): the map must fall back to its offline basemap.</summary>
    public const string UnreachableTiles = "http://127.0.0.1:9/{z}/{x}/{y}.png";

    private readonly ServerData data;
    private ZoneMapServer server = null!;
    private IPlaywright playwright = null!;

    public MapFixture() : this(ServerData.Sample) { }

    protected MapFixture(ServerData data) => this.data = data;

    public ServerData Data => data;
    public ZoneMapServer Server => server;
    public TestDatabase Database => server.Database;
    public string BaseUrl => server.BaseUrl;
    public HttpClient Api => server.Client;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Starts the server over this fixture's data (a subclass may bring its own).</summary>
    protected virtual Task<ZoneMapServer> StartServerAsync() => data == ServerData.Sample
        ? ZoneMapServer.StartAsync("browser", data, async db => { await AddStructureAsync(db); await AddEarlierShanghaiPlanAsync(db); })
        : ZoneMapServer.StartAsync("browser_real", data);

    public async Task InitializeAsync()
    {
        server = await StartServerAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>SampleData has no spatial structure: add Shanghai's "two poles" (Zhangjiang–Lingang) so the structures layer has one to draw.</summary>
    private static async Task AddStructureAsync(TestDatabase database)
    {
        var geo = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        await using var db = database.Context();
        db.Structures.Add(new Structure
        {
            Id = "sh-two-poles", NameZh = "两极", NameZht = "兩極", NameEn = "Two poles", Role = "pole", Region = "shanghai",
            GeometryMethod = "members", SourceQuote = "打造张江科技创新极",
            Geometry = geo.CreateMultiPoint([geo.CreatePoint(new Coordinate(121.59, 31.20)), geo.CreatePoint(new Coordinate(121.90, 30.90))]),
            Members = [new StructureMember { StructureId = "sh-two-poles", Ordinal = 0, PlaceId = "sh-zhangjiang" }, new StructureMember { StructureId = "sh-two-poles", Ordinal = 1, PlaceId = "sh-lingang" }],
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A 2016–2020 Shanghai plan, so comparing it with 2021–2025 has a zone that changed sectors (Zhangjiang: circuits only,
    /// then circuits and biomedicine), one that disappeared (Jinqiao) and one that appeared (Lingang).
    /// </summary>
    private static async Task AddEarlierShanghaiPlanAsync(TestDatabase database)
    {
        const string text = "张江重点发展集成电路。\n金桥开发区发展智能制造装备和新能源汽车。\n";
        var geo = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        await using var db = database.Context();
        db.Places.Add(new Place
        {
            Id = "sh-jinqiao", NameZh = "金桥开发区", NameZht = "金橋開發區", NameEn = "Jinqiao Development Zone", Aliases = ["金桥"], Kind = "park",
            Region = "shanghai", DistrictId = "310115", Location = geo.CreatePoint(new Coordinate(121.62, 31.26)), Precision = "area",
            SourceNote = "test sample", SourceDatum = "WGS-84", Estimated = true,
        });
        db.Documents.Add(new Document
        {
            Id = "sample-sh-2016", FileName = "sample-sh-2016.txt", TitleZh = "样例上海十三五规划", TitleEn = "Sample Shanghai 13th plan", IssuingBody = "test",
            Region = "shanghai", PeriodStart = 2016, PeriodEnd = 2020, Script = "simplified", Sha256 = "sample", Encoding = "utf-8", Text = text,
            IngestedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync();
        db.Mentions.AddRange(Mention(text, "sh-zhangjiang", "张江", "张江重点发展集成电路。", "integrated-circuits"),
                             Mention(text, "sh-jinqiao", "金桥开发区", "金桥开发区发展智能制造装备和新能源汽车。", "nev"));
        await db.SaveChangesAsync();

        static Mention Mention(string text, string place, string name, string quote, string sector)
        {
            var start = text.IndexOf(quote, StringComparison.Ordinal);
            return new Mention
            {
                DocumentId = "sample-sh-2016", PlaceId = place, NameAsWritten = name, Line = text[..start].Count(c => c == '\n') + 1,
                NameStart = start, NameEnd = start + name.Length, QuoteStart = start, QuoteEnd = start + quote.Length, Quote = quote,
                PeriodStart = 2016, PeriodEnd = 2020,
                Facts = [new ZoneFact { PlaceId = place, SectorId = sector, PeriodStart = 2016, PeriodEnd = 2020 }],
            };
        }
    }

    /// <summary>A fresh page (own context, so own localStorage) at a laptop size unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true });
        return await context.NewPageAsync();
    }

    /// <summary>The map's URL for a query string (without the leading ?), with unreachable tiles unless the query names its own.</summary>
    public string MapUrl(string query = "")
    {
        var tiles = query.Contains("tiles=") ? "" : "tiles=" + Uri.EscapeDataString(UnreachableTiles);
        return BaseUrl + "?" + string.Join("&", new[] { query, tiles }.Where(s => s.Length > 0));
    }

    /// <summary>What the API itself says numberMatched is for a collection and query.</summary>
    public async Task<long> NumberMatchedAsync(string collection, string query)
    {
        var body = await Api.GetFromJsonAsync<JsonElement>($"collections/{collection}/items?{query}");
        return body.GetProperty("numberMatched").GetInt64();
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MapCollection : ICollectionFixture<MapFixture>
{
    public const string Name = "map";
}

/// <summary>The same map over the real data: geodata/ through the production loader and the five seeds through the real ingest.</summary>
public sealed class RealMapFixture() : MapFixture(ServerData.Real);

[CollectionDefinition(Name)]
public sealed class RealMapCollection : ICollectionFixture<RealMapFixture>
{
    public const string Name = "real-map";
}
