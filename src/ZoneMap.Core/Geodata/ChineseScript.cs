using System.Diagnostics;
using System.Text;

namespace ZoneMap.Core.Geodata;

/// <summary>
/// Traditional → Simplified through OpenCC (t2s.json, the folding the plan matcher applies to texts), using the Debian
/// `opencc` command that ./zonemap installs, once per batch. NuGet has no maintained OpenCC binding.
/// </summary>
public static class ChineseScript
{
    public static IReadOnlyDictionary<string, string> ToSimplified(IEnumerable<string> names)
    {
        var inputs = names.Where(s => s.Length > 0 && !s.Contains('\n')).Distinct().ToList();
        if (inputs.Count == 0) return new Dictionary<string, string>();
        var utf8 = new UTF8Encoding(false);
        var psi = new ProcessStartInfo("opencc", ["-c", "t2s.json"])
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
