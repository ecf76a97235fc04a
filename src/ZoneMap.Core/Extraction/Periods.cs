using System.Text.RegularExpressions;

namespace ZoneMap.Core.Extraction;

/// <summary>Plan periods: the catalog's, narrowed by an explicit target year in a sentence (到2015年…).</summary>
public static partial class Periods
{
    [GeneratedRegex(@"(?:到|至|力争|争取|于)(?:到)?((?:19|20)\d\d)年")]
    private static partial Regex TargetYear();

    [GeneratedRegex(@"“?十([一二三四五])五”?(?:规划|期间|时期|末)")]
    private static partial Regex FiveYearPlan();

    [GeneratedRegex(@"((?:19|20)\d\d)\s*[-—–~至到]\s*((?:19|20)\d\d)年")]
    private static partial Regex YearRange();

    /// <summary>
    /// The period a sentence speaks of: its target year ends the document's period when that year lies within or
    /// shortly after it; years before the period (achievements looked back on) leave the document's period as it is.
    /// </summary>
    public static (int Start, int End) ForSentence(string sentence, int docStart, int docEnd)
    {
        foreach (Match m in TargetYear().Matches(sentence))
        {
            var year = int.Parse(m.Groups[1].Value);
            if (year >= docStart && year <= docEnd + 5) return (docStart, year);
        }
        return (docStart, docEnd);
    }

    /// <summary>A period read from a text that has no catalog entry: a Five-Year Plan it names, else a year range, else its target years.</summary>
    public static (int Start, int End)? FromText(string text)
    {
        var fyp = FiveYearPlan().Matches(text).GroupBy(m => m.Groups[1].Value).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (fyp is not null)
        {
            var n = "一二三四五".IndexOf(fyp.Key[0]) + 11;
            var start = 1966 + (n - 3) * 5;   // the 3rd FYP began in 1966; 十二五 = 12th = 2011–2015
            return (start, start + 4);
        }
        var range = YearRange().Match(text);
        if (range.Success)
        {
            int a = int.Parse(range.Groups[1].Value), b = int.Parse(range.Groups[2].Value);
            if (b >= a && b - a <= 15) return (a, b);
        }
        var targets = TargetYear().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        if (targets.Count == 0) return null;
        var years = Regex.Matches(text, @"((?:19|20)\d\d)年").Select(m => int.Parse(m.Groups[1].Value)).Where(y => y <= targets.Max()).ToList();
        var end = targets.Max();
        var first = years.Where(y => y >= end - 10).DefaultIfEmpty(end).Min();
        return (first, end);
    }
}
