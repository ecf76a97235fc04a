using NetTopologySuite;
using NetTopologySuite.Geometries;
using ZoneMap.Api.Tests.Support;
using ZoneMap.Data;
using ZoneMap.Data.Model;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// The in-process API (ApiFixture) over SampleData plus one document whose place alias and quote carry HTML/script
/// payloads, so the fuzz, injection and escaping tests all run against real rows, hostile text included.
/// </summary>
public sealed class HostileFixture : IAsyncLifetime
{
    public const string ScriptPayload = "<script>window.__xss=1</script>";
    public const string ImagePayload = "<img src=x onerror=\"window.__xss=2\">";
    public const string PlaceId = "xss-park";
    public const string DocumentId = "xss-doc";
    public const string PlaceName = "脚本园" + ScriptPayload;
    public const string Quote = "重点建设" + PlaceName + "，发展集成电路" + ImagePayload + "。";

    private readonly ApiFixture api = new();
    public TestDatabase Database => api.Database;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await api.InitializeAsync();
        await SampleData.LoadAsync(Database.ConnectionString);
        await AddHostileDocumentAsync(Database.ConnectionString);
        Client = api.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await api.DisposeAsync();
    }

    /// <summary>A place whose names and a document whose text and quote hold markup, as a hostile plan file could.</summary>
    public static async Task AddHostileDocumentAsync(string connectionString)
    {
        var geo = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var text = "一、布局\n" + Quote + "\n";
        await using var db = new ZoneMapDbContext(ZoneMapDb.Options(connectionString));
        db.Places.Add(new Place
        {
            Id = PlaceId, NameZh = PlaceName, NameZht = "腳本園" + ScriptPayload, NameEn = "Script park " + ImagePayload, Aliases = [ImagePayload],
            Kind = "park", Region = "shanghai", DistrictId = "310115", Location = geo.CreatePoint(new Coordinate(121.70, 31.10)), Precision = "area",
            SourceNote = "test: hostile text", SourceDatum = "WGS-84", Estimated = true,
        });
        db.Documents.Add(new Document
        {
            Id = DocumentId, FileName = "xss.txt", TitleZh = "脚本规划" + ScriptPayload, TitleEn = "Hostile plan " + ImagePayload, IssuingBody = "test",
            Region = "shanghai", PeriodStart = 2021, PeriodEnd = 2025, Script = "simplified", Sha256 = "xss", Encoding = "utf-8", Text = text,
            IngestedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync();
        var quoteStart = text.IndexOf(Quote, StringComparison.Ordinal);
        var nameStart = text.IndexOf(PlaceName, StringComparison.Ordinal);
        db.Mentions.Add(new Mention
        {
            DocumentId = DocumentId, PlaceId = PlaceId, NameAsWritten = PlaceName, Line = 2, NameStart = nameStart, NameEnd = nameStart + PlaceName.Length,
            QuoteStart = quoteStart, QuoteEnd = quoteStart + Quote.Length, Quote = Quote, Role = "pole", PeriodStart = 2021, PeriodEnd = 2025,
            Facts = [new ZoneFact { PlaceId = PlaceId, SectorId = "integrated-circuits", PeriodStart = 2021, PeriodEnd = 2025, Role = "pole" }],
        });
        await db.SaveChangesAsync();
    }
}
