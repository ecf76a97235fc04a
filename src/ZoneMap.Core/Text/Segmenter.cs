using System.Text.RegularExpressions;

namespace ZoneMap.Core.Text;

/// <summary>A sentence of the normalised text: [Start, End), the paragraph it belongs to, and whether it is a heading.</summary>
public sealed record Sentence(int Start, int End, int Paragraph, bool IsHeading, bool OpensParagraph);

/// <summary>
/// Splits normalised plan text into paragraphs (hard line breaks), sentences (。；！？) and clauses (，、：（）“”),
/// and recognises section headings (一、 / (一) / 1. / （1）), so that context is carried only as far as it reaches.
/// </summary>
public static partial class Segmenter
{
    public const string SentenceEnds = "。；;！!？?";
    public const string ClauseBreaks = "，,、：:()（）“”\"《》";
    private const int HeadingMaxLength = 40;

    [GeneratedRegex(@"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．](?!\d)|专栏\s*\d+|——)")]
    private static partial Regex HeadingStart();

    public static bool StartsHeading(ReadOnlySpan<char> text) => HeadingStart().IsMatch(text.Length > 12 ? text[..12] : text);

    public static List<Sentence> Sentences(string text)
    {
        var result = new List<Sentence>();
        var paragraph = 0;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            if (!line.IsWhiteSpace())
            {
                var heading = StartsHeading(line) && line.Length <= HeadingMaxLength && line.TrimEnd("。").IndexOfAny("。；;") < 0;
                var start = lineStart;
                var first = true;
                for (var i = lineStart; i < lineEnd; i++)
                {
                    if (!SentenceEnds.Contains(text[i]) || heading) continue;
                    Add(start, i + 1);
                    start = i + 1;
                }
                if (start < lineEnd) Add(start, lineEnd);
                paragraph++;

                void Add(int s, int e)
                {
                    while (s < e && char.IsWhiteSpace(text[s])) s++;
                    if (e > s) result.Add(new Sentence(s, e, paragraph, heading, first));
                    first = false;
                }
            }
            lineStart = lineEnd + 1;
        }
        return result;
    }

    /// <summary>
    /// The outermost parentheses between <paramref name="from"/> and <paramref name="limit"/>, as (open, close) positions,
    /// in normalised text (where "（" is already "("); an unclosed one runs to the limit.
    /// </summary>
    public static List<(int Open, int Close)> Parentheses(string text, int from, int limit)
    {
        var spans = new List<(int, int)>();
        var depth = 0;
        var open = -1;
        for (var i = from; i < limit; i++)
        {
            if (text[i] == '(' && depth++ == 0) open = i;
            else if (text[i] == ')' && depth > 0 && --depth == 0) spans.Add((open, i));
        }
        if (depth > 0) spans.Add((open, limit));
        return spans;
    }

    /// <summary>End of the clause that contains position <paramref name="from"/> (exclusive), not past <paramref name="limit"/>.</summary>
    public static int ClauseEnd(string text, int from, int limit, bool stopAtEnumerationComma = true)
    {
        for (var i = from; i < limit; i++)
        {
            var c = text[i];
            if (c == '、' && !stopAtEnumerationComma) continue;
            if (ClauseBreaks.Contains(c) || SentenceEnds.Contains(c)) return i;
        }
        return limit;
    }
}
