using System.Text;
using ZoneMap.Core.Extraction;
using ZoneMap.Core.Gazetteer;
using ZoneMap.Core.Reading;
using ZoneMap.Core.Sectors;
using ZoneMap.Core.Tests.Support;
using ZoneMap.Core.Text;

namespace ZoneMap.Core.Tests.Extraction;

/// <summary>Matching and attachment rules on small hand-made texts, and the Traditional seed against its Simplified twin.</summary>
public class ExtractorTests
{
    private static readonly GazetteerPlace[] Places =
    [
        new("sh-district-jiading", "嘉定区", "嘉定區", "Jiading", [], "district", "shanghai", "310114"),
        new("sh-district-songjiang", "松江区", "松江區", "Songjiang", [], "district", "shanghai", "310117"),
        new("sh-district-baoshan", "宝山区", "寶山區", "Baoshan", [], "district", "shanghai", "310113"),
        new("sh-district-minhang", "闵行区", "閔行區", "Minhang", [], "district", "shanghai", "310112"),
        new("sh-district-jingan", "静安区", "靜安區", "Jing'an", [], "district", "shanghai", "310106"),
        new("sh-zhangjiang", "张江科学城", "張江科學城", "Zhangjiang", ["张江"], "park", "shanghai", "310115"),
        new("sh-lingang", "临港新片区", "臨港新片區", "Lingang", ["临港"], "new_area", "shanghai", "310115"),
    ];

    private static readonly GazetteerDistrict[] Districts =
    [
        new("310114", "嘉定区", [], "shanghai"), new("310117", "松江区", [], "shanghai"), new("310113", "宝山区", [], "shanghai"),
        new("310112", "闵行区", [], "shanghai"), new("310106", "静安区", ["闸北区"], "shanghai"),
    ];

    private static readonly SectorRecord[] Sectors =
    [
        new("integrated-circuits", "new-generation-it", "集成电路", "IC", ["集成电路", "大规模集成电路", "芯片", "微电子"]),
        new("biomedicine", "biotech", "生物医药", "Biomedicine", ["生物医药", "生命健康", "现代中药"]),
        new("smart-manufacturing", "high-end-equipment", "智能制造", "Smart manufacturing", ["智能制造"]),
        new("new-energy", "new-energy", "新能源", "New energy", ["新能源"]),
        new("new-energy-vehicles", "new-energy-vehicles", "新能源汽车", "NEV", ["新能源汽车"]),
        new("intelligent-connected-vehicles", "new-energy-vehicles", "智能网联汽车", "ICV", ["智能网联汽车"]),
    ];

    private static readonly StructureRecord[] Structures =
    [
        new("sh-two-poles", "两极", [], "pole", "shanghai", ["sh-zhangjiang", "sh-lingang"]),
        new("sh-pole-zhangjiang", "张江科技创新极", [], "pole", "shanghai", ["sh-zhangjiang"]),
        new("sh-ic-wings", "一体两翼", [], "cluster", "shanghai", ["sh-zhangjiang", "sh-lingang", "sh-district-jiading"]),
    ];

    private static List<ExtractedMention> Extract(string text, int from = 2021, int to = 2025)
    {
        var convert = OpenCcConverter.TraditionalToSimplified.ConvertSameLength;
        var gazetteer = new Gazetteer.Gazetteer(Places, Districts, convert);
        var extractor = new PlanExtractor(gazetteer, new SectorTaxonomy(Sectors, convert), new StructureIndex(Structures, convert));
        return extractor.Extract(NormalisedText.Create(text, convert), "shanghai", from, to).Mentions.ToList();
    }

    [Fact]
    public void A_list_gives_each_member_the_sector_and_the_district_short_forms_match()
    {
        var mentions = Extract("围绕松江、嘉定、宝山、闵行等智能制造集聚区建设，推进数字赋能。");
        Assert.Equal(["sh-district-songjiang", "sh-district-jiading", "sh-district-baoshan", "sh-district-minhang"], mentions.Select(m => m.PlaceId));
        Assert.All(mentions, m => Assert.Equal(["smart-manufacturing"], m.Sectors));
        Assert.All(mentions, m => Assert.Equal("cluster", m.Role));
    }

    [Fact]
    public void A_nested_name_yields_the_place_inside_it_with_the_role_of_its_structure_word()
    {
        var m = Assert.Single(Extract("包括张江生物医药创新引领核心区。"));
        Assert.Equal(("sh-zhangjiang", "张江", "core"), (m.PlaceId, m.NameAsWritten, m.Role));
        Assert.Equal(["biomedicine"], m.Sectors);
    }

    [Fact]
    public void Sectors_go_to_the_place_they_follow_not_to_every_place_in_the_sentence()
    {
        var mentions = Extract("支持张江集成电路、宝山智能制造、闵行新能源汽车等产业领域加快集聚。");
        Assert.Equal(["integrated-circuits"], mentions.Single(m => m.PlaceId == "sh-zhangjiang").Sectors);
        Assert.Equal(["smart-manufacturing"], mentions.Single(m => m.PlaceId == "sh-district-baoshan").Sectors);
        Assert.Equal(["new-energy-vehicles"], mentions.Single(m => m.PlaceId == "sh-district-minhang").Sectors);
    }

    [Fact]
    public void A_parenthesis_puts_every_place_inside_it_under_the_sector_that_opens_it()
    {
        // The paragraph's lead (生物医药) would be the fallback; the parenthesis' own commas must not cut the places off.
        var mentions = Extract("生物医药产业。优化集成电路空间布局(一极指张江,两翼指嘉定、松江),推进发展。");
        Assert.Equal(["sh-zhangjiang", "sh-district-jiading", "sh-district-songjiang"], mentions.Select(m => m.PlaceId));
        Assert.All(mentions, m => Assert.Equal(["integrated-circuits"], m.Sectors));
        // A sector word cut off from the parenthesis (by ；) does not reach into it: the paragraph's lead applies.
        Assert.All(Extract("生物医药产业。发展集成电路；优化空间布局(一极指张江,两翼指嘉定、松江)。"), m => Assert.Equal(["biomedicine"], m.Sectors));
    }

    [Fact]
    public void An_old_district_name_stands_for_todays_district()
    {
        var m = Assert.Single(Extract("闸北区积极推进芯片设计等重点项目。"));
        Assert.Equal(("sh-district-jingan", "闸北区"), (m.PlaceId, m.NameAsWritten));
        Assert.Equal(["integrated-circuits"], m.Sectors);
    }

    [Fact]
    public void Poles_and_wings_come_from_the_structure_words()
    {
        var mentions = Extract("打造以张江为主体,以临港和嘉定为两翼的集成电路空间布局。兩極為張江科技創新極和臨港產業增長極。");
        Assert.Equal(["core", "wing", "wing", "pole", "pole"], mentions.Select(m => m.Role));
    }

    [Fact]
    public void A_place_named_with_its_structure_is_tied_to_the_most_specific_structure_holding_it()
    {
        var mentions = Extract("兩極為張江科技創新極和臨港產業增長極。");
        Assert.Equal([("sh-zhangjiang", "sh-pole-zhangjiang"), ("sh-lingang", "sh-two-poles")], mentions.Select(m => (m.PlaceId, m.StructureId!)));
        Assert.All(mentions, m => Assert.Equal("pole", m.Role));
        Assert.Null(Assert.Single(Extract("嘉定发展集成电路产业。")).StructureId);
    }

    [Fact]
    public void A_target_year_in_the_sentence_narrows_the_period_and_a_past_year_does_not()
    {
        var mentions = Extract("到2023年，张江集成电路产业规模翻番。到2015年，临港生物医药产值达到百亿。");
        Assert.Equal((2021, 2023), (mentions[0].PeriodStart, mentions[0].PeriodEnd));
        Assert.Equal((2021, 2025), (mentions[1].PeriodStart, mentions[1].PeriodEnd));
    }

    [Fact]
    public void Coordinated_sector_words_share_their_head_noun()
    {
        var m = Assert.Single(Extract("临港聚焦发展新能源和智能网联汽车产业。"));
        Assert.Equal(["new-energy-vehicles", "intelligent-connected-vehicles"], m.Sectors);
    }

    [Fact]
    public void A_place_mentioned_outside_any_industrial_context_is_not_a_fact()
    {
        Assert.Empty(Extract("发挥浦东高水平改革开放和临港的制度创新优势,主动融入全球创新网络。"));
    }

    [Fact]
    public void The_traditional_seed_yields_the_same_places_and_sectors_as_its_simplified_twin()
    {
        var traditional = Pipeline.Seed("003");
        var simplifiedText = OpenCcConverter.TraditionalToSimplified.Convert(traditional.Document.Text);
        Assert.NotEqual(traditional.Document.Text, simplifiedText);
        var simplified = Pipeline.Processor().Process(Encoding.UTF8.GetBytes(simplifiedText), "003-simplified.txt");

        Assert.Equal("simplified", simplified.Document.Script);
        Assert.Equal("traditional", traditional.Document.Script);
        Assert.Equal((2021, 2025), (simplified.Document.PeriodStart, simplified.Document.PeriodEnd));
        static List<string> Facts(ProcessedPlan p) =>
            p.Extraction.Mentions.Select(m => $"{m.PlaceId}|{m.Role}|{string.Join(",", m.Sectors.Order())}").Order().ToList();
        Assert.True(traditional.Extraction.Mentions.Count > 50);
        Assert.Equal(Facts(traditional), Facts(simplified));
        // The quote keeps the original script.
        Assert.Contains(traditional.Extraction.Mentions, m => m.Quote.Contains("臨港新片區"));
        Assert.All(traditional.Extraction.Mentions, m => Assert.Equal(m.Quote, traditional.Document.Text[m.QuoteStart..m.QuoteEnd]));
    }
}

/// <summary>Reading bytes and normalising text, with offsets that lead back to the original.</summary>
public class ReadingTests
{
    private const string Sample = "重庆市两江新区重点发展笔记本电脑和集成电路产业，建设国家级产业基地。";
    private const string TraditionalSample = "重慶市兩江新區重點發展筆記本電腦和集成電路產業，建設國家級產業基地。";

    static ReadingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("utf-8")]
    [InlineData("gb18030")]
    [InlineData("gbk")]
    [InlineData("big5")]
    public void Plans_in_utf8_gbk_and_big5_decode_to_the_same_text(string encoding)
    {
        var text = encoding == "big5" ? TraditionalSample : Sample;
        var bytes = Encoding.GetEncoding(encoding).GetBytes(text + text + text);
        var decoded = PlanDecoder.Decode(bytes);
        Assert.Equal(text + text + text, decoded.Text);
    }

    [Fact]
    public void Invalid_or_empty_bytes_are_refused_with_a_reason()
    {
        Assert.Contains("empty", Assert.Throws<PlanReadException>(() => PlanDecoder.Decode([])).Message);
        Assert.Throws<PlanReadException>(() => PlanDecoder.Decode([0xFF, 0xFE, 0xFD, 0x00, 0x81, 0xFF, 0x80]));
    }

    [Fact]
    public void Normalising_keeps_a_map_from_every_character_back_to_the_original()
    {
        // A PDF-style hard wrap (a long line without closing punctuation, blank line, continuation) inside 集成電路.
        const string original = "　　支持張江、浦東新區和臨港等重點區域發展集成電\n\n路和生物醫藥、臨港 新片區ＡＩ２０２５年產業規模達到一定水平。\n二、空間布局\n";
        var nt = NormalisedText.Create(original, OpenCcConverter.TraditionalToSimplified.ConvertSameLength);
        Assert.StartsWith("支持张江、浦东新区和临港等重点区域发展集成电路和生物医药、临港新片区AI2025年", nt.Text);
        Assert.Contains("\n二、空间布局", nt.Text);
        for (var i = 0; i < nt.Text.Length; i++)
        {
            var o = original[nt.ToOriginal(i)];
            Assert.True(nt.Text[i] == '\n' ? o == '\n' : o == nt.Text[i] || OpenCcConverter.TraditionalToSimplified.Convert(o.ToString())[0] == nt.Text[i] || o - 0xfee0 == nt.Text[i],
                $"position {i}: '{nt.Text[i]}' came from '{o}'");
        }
        var (s, e) = nt.OriginalRange(nt.Text.IndexOf("集成电路", StringComparison.Ordinal), nt.Text.IndexOf("集成电路", StringComparison.Ordinal) + 4);
        Assert.Equal("集成電\n\n路", original[s..e]);
    }
}

/// <summary>A whole seed in a legacy encoding comes back as the same text.</summary>
public class LegacyEncodingTests
{
    static LegacyEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("003", "big5")]
    [InlineData("004", "gb18030")]
    public void A_seed_reencoded_decodes_to_its_original_text(string id, string encoding)
    {
        var original = File.ReadAllText(GeodataFiles.SeedPath(id), Encoding.UTF8);
        // Big5 cannot hold every character of the seed (e.g. curly quotes are fine, some symbols are not): keep what it can.
        var legacy = Encoding.GetEncoding(encoding, new EncoderReplacementFallback("?"), DecoderFallback.ExceptionFallback);
        var expected = legacy.GetString(legacy.GetBytes(original));
        var decoded = PlanDecoder.Decode(legacy.GetBytes(original));
        Assert.Equal(encoding, decoded.Encoding);
        Assert.Equal(expected, decoded.Text);

        // And the facts are the same as from the UTF-8 original (same catalog entry, found by file name).
        var fromLegacy = Pipeline.Processor().Process(legacy.GetBytes(original), Path.GetFileName(GeodataFiles.SeedPath(id)));
        static IEnumerable<string> Facts(ProcessedPlan p) => p.Extraction.Mentions.Select(m => $"{m.PlaceId}|{m.NameStart}|{m.Role}|{string.Join(",", m.Sectors)}");
        Assert.Equal(id, fromLegacy.Document.Id);
        Assert.Equal(Facts(Pipeline.Seed(id)), Facts(fromLegacy));
    }
}
