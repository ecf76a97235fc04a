using System.Text;

namespace ZoneMap.Core.Text;

/// <summary>
/// The text the extractor matches on: Simplified characters, half-width letters/digits/punctuation, no stray spaces
/// between Chinese characters, and PDF-style hard wraps inside a paragraph joined up. Every character keeps the
/// position it came from in the original, so a match points at the exact place in the file.
/// </summary>
public sealed class NormalisedText
{
    /// <summary>Lines shorter than this are headings or short paragraphs, never wrapped body text.</summary>
    private const int WrappedLineMinLength = 20;
    private const string Terminators = "。；！？;!?:：";

    private readonly int[] toOriginal;

    public string Original { get; }
    public string Text { get; }

    private NormalisedText(string original, string text, int[] map) { Original = original; Text = text; toOriginal = map; }

    /// <summary>Position in the original text of normalised position <paramref name="index"/> (Text.Length maps past the end).</summary>
    public int ToOriginal(int index) => toOriginal[index];

    /// <summary>The original range [start, end) covering normalised [start, end).</summary>
    public (int Start, int End) OriginalRange(int start, int end) =>
        end <= start ? (toOriginal[start], toOriginal[start]) : (toOriginal[start], toOriginal[end - 1] + 1);

    public static NormalisedText Create(string original, Func<string, string>? toSimplified = null)
    {
        var sb = new StringBuilder(original.Length);
        var map = new List<int>(original.Length + 1);
        var lineStart = 0;
        for (var i = 0; i < original.Length; i++)
        {
            var c = original[i];
            if (c == '\r') continue;
            if (c == '\n')
            {
                var lineLength = sb.Length - lineStart;
                var last = sb.Length > lineStart ? sb[^1] : '\0';
                if (lineLength >= WrappedLineMinLength && !Terminators.Contains(last) && NextLineContinues(original, i + 1)) continue;
                if (sb.Length > 0 && sb[^1] == ' ') { sb.Length--; map.RemoveAt(map.Count - 1); }
                sb.Append('\n'); map.Add(i);
                lineStart = sb.Length;
                continue;
            }
            if (IsSpace(c))
            {
                // Spaces only matter between two Latin letters or digits ("TD- SCDMA" stays readable, "服 务" joins up).
                var prev = sb.Length > lineStart ? sb[^1] : '\0';
                var next = NextNonSpace(original, i + 1);
                if (char.IsAsciiLetterOrDigit(prev) && char.IsAsciiLetterOrDigit(Narrow(next)) && prev != ' ') { sb.Append(' '); map.Add(i); }
                continue;
            }
            sb.Append(Narrow(c)); map.Add(i);
        }
        map.Add(original.Length);
        var text = sb.ToString();
        if (toSimplified is not null)
        {
            var simplified = toSimplified(text);
            if (simplified.Length == text.Length) text = simplified;
        }
        return new NormalisedText(original, text, map.ToArray());
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\u3000' or '\u00a0' or '\u2002' or '\u2003' or '\u200b' or '\f' or '\v';

    /// <summary>Full-width ASCII forms become ASCII, so "２０２０" and "2020", "（" and "(" are the same to the matcher.</summary>
    private static char Narrow(char c) => c is >= '\uff01' and <= '\uff5e' ? (char)(c - 0xfee0) : c;

    private static char NextNonSpace(string s, int from)
    {
        for (var j = from; j < s.Length; j++) if (!IsSpace(s[j]) && s[j] != '\r') return s[j];
        return '\0';
    }

    /// <summary>A wrapped line continues on the next non-blank line (PDF extractions put blank lines between wrapped lines) unless that opens a new numbered item.</summary>
    private static bool NextLineContinues(string s, int from)
    {
        var j = from;
        while (j < s.Length && (IsSpace(s[j]) || s[j] == '\r' || s[j] == '\n')) j++;
        if (j >= s.Length) return false;
        return !Segmenter.StartsHeading(s.AsSpan(j));
    }
}
