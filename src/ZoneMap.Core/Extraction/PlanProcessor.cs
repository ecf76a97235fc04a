using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ZoneMap.Core.Reading;
using ZoneMap.Core.Text;

namespace ZoneMap.Core.Extraction;

/// <summary>What a plan file is, as it will be stored: catalog data when the catalog knows it, else read from the file.</summary>
public sealed record PlanDocumentInfo(
    string Id, string FileName, string TitleZh, string TitleEn, string IssuingBody, string Region, DateOnly? IssueDate,
    int PeriodStart, int PeriodEnd, string Script, string Sha256, string Encoding, string Text);

public sealed record ProcessedPlan(PlanDocumentInfo Document, ExtractionResult Extraction);

/// <summary>
/// One plan file from bytes to facts: decode, normalise (Simplified, half-width), identify through the catalog,
/// extract. Anything that is not a readable plan is a <see cref="PlanReadException"/> with the reason.
/// </summary>
public sealed partial class PlanProcessor(PlanExtractor extractor, Gazetteer.Gazetteer gazetteer, PlanCatalog catalog)
{
    private const int MinChineseCharacters = 20;
    private static readonly string[] PlanWords = ["产业", "发展", "规划", "工业", "制造", "建设"];

    [GeneratedRegex(@"[^\p{L}\p{N}_-]+")]
    private static partial Regex NonIdChars();

    public ProcessedPlan Process(byte[] bytes, string fileName)
    {
        var decoded = PlanDecoder.Decode(bytes);
        if (string.IsNullOrWhiteSpace(decoded.Text)) throw new PlanReadException("the file holds no text");
        var convert = OpenCcConverter.TraditionalToSimplified;
        var nt = NormalisedText.Create(decoded.Text, convert.ConvertSameLength);
        var cjk = nt.Text.Count(c => c is >= '\u4e00' and <= '\u9fff');
        if (cjk < MinChineseCharacters)
            throw new PlanReadException($"this does not look like a Chinese plan: only {cjk} Chinese characters");
        if (!PlanWords.Any(w => nt.Text.Contains(w, StringComparison.Ordinal)))
            throw new PlanReadException("this does not look like a plan: none of 产业/发展/规划/工业/制造/建设 occurs in it");

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var entry = catalog.Find(sha, fileName);
        var info = entry is not null ? FromCatalog(entry, fileName, sha, decoded) : FromText(nt, fileName, sha, decoded);
        var script = entry?.Script ?? DetectScript(decoded.Text, nt.Text);
        info = info with { Script = script };
        return new ProcessedPlan(info, extractor.Extract(nt, info.Region, info.PeriodStart, info.PeriodEnd));
    }

    private static PlanDocumentInfo FromCatalog(CatalogEntry e, string fileName, string sha, DecodedPlan decoded) => new(
        e.Id, fileName, e.TitleZh, e.TitleEn, e.IssuingBody, e.Region,
        DateOnly.TryParse(e.IssueDate, out var d) ? d : null, e.PeriodStart, e.PeriodEnd, e.Script, sha, decoded.Encoding, decoded.Text);

    private PlanDocumentInfo FromText(NormalisedText nt, string fileName, string sha, DecodedPlan decoded)
    {
        var region = gazetteer.Regions
            .Select(r => (Region: r, Hits: gazetteer.Names(r).FindAll(nt.Text).Count))
            .Where(x => x.Hits > 0).OrderByDescending(x => x.Hits).Select(x => x.Region).FirstOrDefault()
            ?? throw new PlanReadException("no place the gazetteer knows occurs in the text, so its region is unknown");
        var period = Periods.FromText(nt.Text)
            ?? throw new PlanReadException("the file is not in seeds/catalog.json and its text names no plan period or target year (e.g. 到2025年, “十四五”)");
        var id = NonIdChars().Replace(Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant(), "-").Trim('-');
        if (id.Length == 0) id = "doc-" + sha[..12];
        if (id.Length > 64) id = id[..64];
        var title = nt.Text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? fileName;
        if (title.Length > 200) title = title[..200];
        return new PlanDocumentInfo(id, fileName, title, fileName, "unknown", region, null, period.Start, period.End, "simplified", sha, decoded.Encoding, decoded.Text);
    }

    /// <summary>Traditional when a noticeable share of the characters changed on conversion to Simplified.</summary>
    private static string DetectScript(string original, string normalised)
    {
        int changed = 0, cjk = 0;
        var simple = NormalisedText.Create(original).Text;
        for (var i = 0; i < Math.Min(simple.Length, normalised.Length); i++)
        {
            if (simple[i] is < '\u4e00' or > '\u9fff') continue;
            cjk++;
            if (simple[i] != normalised[i]) changed++;
        }
        return cjk > 0 && changed * 50 > cjk ? "traditional" : "simplified";
    }
}
