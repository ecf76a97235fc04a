using NetTopologySuite;
using NetTopologySuite.Geometries;
using ZoneMap.Data;
using ZoneMap.Data.Model;

namespace ZoneMap.Tests.Shared;

/// <summary>
/// Hostile text as a plan file could carry it: a place (on top of SampleData's Pudong district) whose names hold markup
/// and a document whose title, text and quote hold a script tag and an image with an onerror handler.
/// </summary>
public static class HostileData
{
    public const string ScriptPayload = "<script>window.__xss=1</script>";
    public const string ImagePayload = "<img src=x onerror=\"window.__xss=2\">";
    public const string PlaceId = "xss-park";
    public const string DocumentId = "xss-doc";
    public const string PlaceName = "脚本园" + ScriptPayload;
    public const string Quote = "重点建设" + PlaceName + "，发展集成电路" + ImagePayload + "。";

    public const string DocumentTitle = "脚本规划" + ScriptPayload;

    public static async Task AddAsync(string connectionString)
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
            Id = DocumentId, FileName = "xss.txt", TitleZh = DocumentTitle, TitleEn = "Hostile plan " + ImagePayload, IssuingBody = "test",
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
