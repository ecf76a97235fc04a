using NetTopologySuite;
using NetTopologySuite.Geometries;
using ZoneMap.Data;
using ZoneMap.Data.Model;

namespace ZoneMap.Tests.Shared;

/// <summary>
/// A small, hand-made data set for tests that must not depend on the full geodata and seeds:
/// two cities, three places, two documents, a handful of mentions and facts.
/// Shapes are rough test rectangles, not real boundaries (real ones live in geodata/).
/// </summary>
public static class SampleData
{
    private static readonly GeometryFactory Geo = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public const string ShanghaiDoc = "sample-sh";
    public const string ChongqingDoc = "sample-cq";
    public const string ShanghaiText = "二、空间布局\n打造张江科技创新极，重点发展集成电路、生物医药。\n临港产业增长极聚焦新能源汽车和民用航空。\n";
    public const string ChongqingText = "建设两江新区和西永微电园“双核”。\n西永微电园重点发展笔记本电脑和集成电路。\n";

    public static async Task LoadAsync(string connectionString)
    {
        await using var db = new ZoneMapDbContext(ZoneMapDb.Options(connectionString));
        db.SectorFamilies.AddRange(
            new SectorFamily { Id = "new-generation-it", Zh = "新一代信息技术", En = "New-generation information technology" },
            new SectorFamily { Id = "biotech", Zh = "生物", En = "Biotechnology" },
            new SectorFamily { Id = "new-energy-vehicles", Zh = "新能源汽车", En = "New-energy vehicles" },
            new SectorFamily { Id = "high-end-equipment", Zh = "高端装备制造", En = "High-end equipment manufacturing" });
        db.Sectors.AddRange(
            new Sector { Id = "integrated-circuits", FamilyId = "new-generation-it", Zh = "集成电路", En = "Integrated circuits", Synonyms = ["集成电路", "芯片"] },
            new Sector { Id = "notebook-computers", FamilyId = "new-generation-it", Zh = "笔记本电脑", En = "Notebook computers", Synonyms = ["笔记本电脑"] },
            new Sector { Id = "biomedicine", FamilyId = "biotech", Zh = "生物医药", En = "Biomedicine", Synonyms = ["生物医药"] },
            new Sector { Id = "nev", FamilyId = "new-energy-vehicles", Zh = "新能源汽车", En = "New-energy vehicles", Synonyms = ["新能源汽车"] },
            new Sector { Id = "civil-aviation", FamilyId = "high-end-equipment", Zh = "民用航空", En = "Civil aviation", Synonyms = ["民用航空"] });

        db.Districts.AddRange(
            District("310115", "浦东新区", "Pudong New Area", "shanghai", 121.45, 30.85, 121.95, 31.40, ["南汇区"]),
            District("500106", "沙坪坝区", "Shapingba District", "chongqing", 106.25, 29.50, 106.50, 29.75, []),
            District("500112", "渝北区", "Yubei District", "chongqing", 106.50, 29.60, 106.90, 30.00, []));

        db.Places.AddRange(
            Place("sh-zhangjiang", "张江科学城", "張江科學城", "Zhangjiang Science City", ["张江"], "park", "shanghai", "310115", 121.59, 31.20, "area", sourceUrl: "https://example.org/zhangjiang"),
            Place("sh-lingang", "临港新片区", "臨港新片區", "Lingang Special Area", ["临港"], "new_area", "shanghai", "310115", 121.90, 30.90, "area"),
            Place("cq-xiyong", "西永微电园", "西永微電園", "Xiyong Microelectronics Park", ["西永", "西永微电园区"], "park", "chongqing", "500106", 106.33, 29.60, "area"),
            Place("cq-liangjiang", "两江新区", "兩江新區", "Liangjiang New Area", ["两江"], "new_area", "chongqing", "500112", 106.60, 29.70, "area"));

        db.Documents.AddRange(
            Document(ShanghaiDoc, "样例上海规划", "Sample Shanghai plan", "shanghai", 2021, 2025, ShanghaiText, "traditional"),
            Document(ChongqingDoc, "样例重庆规划", "Sample Chongqing plan", "chongqing", 2011, 2015, ChongqingText, "simplified"));
        await db.SaveChangesAsync();

        db.Mentions.AddRange(
            Mention(ShanghaiDoc, ShanghaiText, "sh-zhangjiang", "张江", "打造张江科技创新极，重点发展集成电路、生物医药。", 2021, 2025, "pole", "integrated-circuits", "biomedicine"),
            Mention(ShanghaiDoc, ShanghaiText, "sh-lingang", "临港", "临港产业增长极聚焦新能源汽车和民用航空。", 2021, 2025, "pole", "nev", "civil-aviation"),
            Mention(ChongqingDoc, ChongqingText, "cq-liangjiang", "两江新区", "建设两江新区和西永微电园“双核”。", 2011, 2015, "core"),
            Mention(ChongqingDoc, ChongqingText, "cq-xiyong", "西永微电园", "建设两江新区和西永微电园“双核”。", 2011, 2015, "core"),
            Mention(ChongqingDoc, ChongqingText, "cq-xiyong", "西永微电园", "西永微电园重点发展笔记本电脑和集成电路。", 2011, 2015, null, "notebook-computers", "integrated-circuits"));
        await db.SaveChangesAsync();
    }

    private static District District(string id, string zh, string en, string region, double x0, double y0, double x1, double y1, string[] aliases) => new()
    {
        Id = id, NameZh = zh, NameEn = en, Region = region, Aliases = aliases, Source = "test rectangle",
        Geometry = Geo.CreateMultiPolygon([Geo.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)])]),
        Centroid = Geo.CreatePoint(new Coordinate((x0 + x1) / 2, (y0 + y1) / 2)),
    };

    private static Place Place(string id, string zh, string zht, string en, string[] aliases, string kind, string region, string district, double x, double y, string precision, string? sourceUrl = null) => new()
    {
        Id = id, NameZh = zh, NameZht = zht, NameEn = en, Aliases = aliases, Kind = kind, Region = region, DistrictId = district,
        Location = Geo.CreatePoint(new Coordinate(x, y)), Precision = precision, SourceDatum = "WGS-84",
        // A place with a source address stands for one read from its own name; the others are test proxies.
        SourceNote = sourceUrl is null ? "test sample proxy" : "test sample, its own coordinate", SourceUrl = sourceUrl, Estimated = sourceUrl is null,
    };

    private static Document Document(string id, string zh, string en, string region, int from, int to, string text, string script) => new()
    {
        Id = id, FileName = id + ".txt", TitleZh = zh, TitleEn = en, IssuingBody = "test", Region = region, PeriodStart = from, PeriodEnd = to,
        Script = script, Sha256 = "sample", Encoding = "utf-8", Text = text, IngestedAt = DateTimeOffset.UnixEpoch,
    };

    private static Mention Mention(string doc, string text, string placeId, string name, string quote, int from, int to, string? role, params string[] sectors)
    {
        var quoteStart = text.IndexOf(quote, StringComparison.Ordinal);
        var nameStart = quote.IndexOf(name, StringComparison.Ordinal) + quoteStart;
        var line = text[..quoteStart].Count(c => c == '\n') + 1;
        var mention = new Mention
        {
            DocumentId = doc, PlaceId = placeId, NameAsWritten = name, Line = line, NameStart = nameStart, NameEnd = nameStart + name.Length,
            QuoteStart = quoteStart, QuoteEnd = quoteStart + quote.Length, Quote = quote, Role = role, PeriodStart = from, PeriodEnd = to,
        };
        mention.Facts = sectors.Length == 0
            ? [new ZoneFact { PlaceId = placeId, SectorId = null, PeriodStart = from, PeriodEnd = to, Role = role }]
            : sectors.Select(s => new ZoneFact { PlaceId = placeId, SectorId = s, PeriodStart = from, PeriodEnd = to, Role = role }).ToList();
        return mention;
    }
}
