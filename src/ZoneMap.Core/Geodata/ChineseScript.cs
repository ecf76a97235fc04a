using System.Diagnostics;
using System.Text;

namespace ZoneMap.Core.Geodata;

/// <summary>
/// Simplified → Traditional conversion through OpenCC (the Debian `opencc` package that ./zonemap installs).
/// NuGet has no maintained OpenCC binding, so this drives the command-line tool once per batch.
/// </summary>
public static class ChineseScript
{
    public static IReadOnlyDictionary<string, string> ToTraditional(IEnumerable<string> simplified)
    {
        var inputs = simplified.Where(s => s.Length > 0 && !s.Contains('\n')).Distinct().ToList();
        if (inputs.Count == 0) return new Dictionary<string, string>();
        var utf8 = new UTF8Encoding(false);
        var psi = new ProcessStartInfo("opencc", ["-c", "s2t.json"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = utf8, StandardOutputEncoding = utf8, StandardErrorEncoding = utf8, UseShellExecute = false,
        };
        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("OpenCC is missing (the `opencc` command): ./zonemap installs it, or apt-get install opencc.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(string.Join('\n', inputs) + "\n");
            process.StandardInput.Close();
            process.WaitForExit();
            var lines = output.Result.TrimEnd('\n').Split('\n');
            if (process.ExitCode != 0 || lines.Length != inputs.Count)
                throw new InvalidOperationException($"opencc failed (exit {process.ExitCode}): {errors.Result}");
            return inputs.Zip(lines).ToDictionary(p => p.First, p => p.Second);
        }
    }
}
