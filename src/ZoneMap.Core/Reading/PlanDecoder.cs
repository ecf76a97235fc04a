using System.Text;
using UtfUnknown;

namespace ZoneMap.Core.Reading;

/// <summary>A plan file that cannot be read as a plan: the message says why, for the person who gave it.</summary>
public sealed class PlanReadException(string message) : Exception(message);

/// <summary>The text of a plan file as decoded, and the encoding that decoded it.</summary>
public sealed record DecodedPlan(string Text, string Encoding);

/// <summary>
/// Turns the bytes of a plan into text. Strict UTF-8 first (the usual case, and a detector can mistake short UTF-8
/// for something else); otherwise the charset detector's guess among the Chinese encodings, decoded strictly so that
/// invalid bytes are an error rather than replacement characters in a quote.
/// </summary>
public static class PlanDecoder
{
    static PlanDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Dictionary<string, string> ChineseEncodings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gb18030"] = "gb18030", ["gbk"] = "gb18030", ["gb2312"] = "gb18030", ["x-gbk"] = "gb18030", ["hz-gb-2312"] = "gb18030",
        ["big5"] = "big5", ["big5-hkscs"] = "big5", ["x-euc-tw"] = "big5",
    };

    private const string CommonCharacters = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质县化区域业产业发展规划园区基地建设推进企业项目经济市场技术创新服务工作全国政策體這為從們國個會發產業與區東歷對關於經濟務開來時實現動進過點應導並當還";
    private static readonly HashSet<char> CommonCharactersSet = [.. CommonCharacters];

    public static DecodedPlan Decode(byte[] bytes)
    {
        if (bytes.Length == 0) throw new PlanReadException("the file is empty");
        var body = bytes.AsSpan();
        if (body.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) body = body[3..];
        if (TryStrict(new UTF8Encoding(false, true), body, out var utf8)) return new DecodedPlan(utf8, "utf-8");

        var detected = CharsetDetector.DetectFromBytes(bytes).Detected;
        var candidates = new List<string>();
        if (detected?.EncodingName is { } name && ChineseEncodings.TryGetValue(name, out var known)) candidates.Add(known);
        // The detector is unsure on short texts; the two Chinese encodings are tried in turn, strictly.
        foreach (var fallback in new[] { "gb18030", "big5" }) if (!candidates.Contains(fallback)) candidates.Add(fallback);
        // Big5 byte pairs are mostly valid GB18030 too (and the reverse), so every strict decoding competes on how much
        // of it is everyday Chinese; the detector's choice wins ties.
        DecodedPlan? best = null;
        var bestScore = 0;
        foreach (var candidate in candidates)
        {
            var encoding = Encoding.GetEncoding(candidate, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            if (!TryStrict(encoding, bytes, out var text) || !LooksLikeChinese(text)) continue;
            var score = text.Count(CommonCharactersSet.Contains);
            if (score > bestScore) (best, bestScore) = (new DecodedPlan(text, candidate), score);
        }
        if (best is not null) return best;
        throw new PlanReadException($"the bytes are neither valid UTF-8 nor GB18030/GBK or Big5 text (detector said: {detected?.EncodingName ?? "nothing"})");
    }

    private static bool TryStrict(Encoding encoding, ReadOnlySpan<byte> bytes, out string text)
    {
        try { text = encoding.GetString(bytes); return !text.Contains('\0'); }
        catch (DecoderFallbackException) { text = ""; return false; }
    }

    /// <summary>A wrong legacy decoding still "succeeds" on most byte soups; real Chinese text is mostly common CJK.</summary>
    private static bool LooksLikeChinese(string text)
    {
        int cjk = 0, other = 0;
        foreach (var c in text)
        {
            if (c is >= '\u4e00' and <= '\u9fff') cjk++;
            else if (!char.IsWhiteSpace(c) && !char.IsAsciiLetterOrDigit(c) && !char.IsPunctuation(c)) other++;
        }
        return cjk > 0 && other * 4 < cjk;
    }
}
