using System.Runtime.InteropServices;
using System.Text;

namespace ZoneMap.Core.Text;

/// <summary>
/// Traditional → Simplified through OpenCC's C API (Debian's libopencc1.1, config t2s.json).
/// Only length-preserving conversions are used, so an offset in the converted text is an offset in the input:
/// a whole text whose conversion keeps its length is taken as is (phrase-aware); otherwise line by line,
/// and a line that changes length is converted character by character.
/// </summary>
public sealed partial class OpenCcConverter : IDisposable
{
    private const string Library = "libopencc.so.1.1";
    private static readonly Lazy<OpenCcConverter> Shared = new(() => new OpenCcConverter("t2s.json"));
    private readonly IntPtr handle;
    private readonly Lock gate = new();

    public static OpenCcConverter TraditionalToSimplified => Shared.Value;

    private OpenCcConverter(string config)
    {
        var path = File.Exists(Path.Combine("/usr/share/opencc", config)) ? Path.Combine("/usr/share/opencc", config) : config;
        try { handle = opencc_open(path); }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("OpenCC is not installed (Debian packages opencc libopencc1.1); ./zonemap installs them.", e);
        }
        if (handle == new IntPtr(-1)) throw new InvalidOperationException($"OpenCC could not open its configuration {path}.");
    }

    /// <summary>Converts text, guaranteeing the result has exactly the input's length.</summary>
    public string ConvertSameLength(string text)
    {
        if (text.Length == 0) return text;
        var whole = Convert(text);
        if (whole.Length == text.Length) return whole;
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            if (sb.Length > 0) sb.Append('\n');
            var converted = Convert(line);
            if (converted.Length == line.Length) { sb.Append(converted); continue; }
            for (var i = 0; i < line.Length; i++)
            {
                var unit = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? line.Substring(i++, 2) : line[i].ToString();
                var one = Convert(unit);
                sb.Append(one.Length == unit.Length ? one : unit);
            }
        }
        return sb.ToString();
    }

    public string Convert(string text)
    {
        if (text.Length == 0) return text;
        var input = Encoding.UTF8.GetBytes(text);
        lock (gate)
        {
            var output = opencc_convert_utf8(handle, input, (nuint)input.Length);
            if (output == IntPtr.Zero) throw new InvalidOperationException("OpenCC failed to convert a text.");
            try { return Marshal.PtrToStringUTF8(output) ?? ""; }
            finally { opencc_convert_utf8_free(output); }
        }
    }

    public void Dispose() { if (handle != new IntPtr(-1)) _ = opencc_close(handle); }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr opencc_open(string configFileName);

    [LibraryImport(Library)]
    private static partial IntPtr opencc_convert_utf8(IntPtr opencc, byte[] input, nuint length);

    [LibraryImport(Library)]
    private static partial void opencc_convert_utf8_free(IntPtr str);

    [LibraryImport(Library)]
    private static partial int opencc_close(IntPtr opencc);
}
