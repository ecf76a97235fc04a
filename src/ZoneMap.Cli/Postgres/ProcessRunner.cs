using System.Diagnostics;

namespace ZoneMap.Cli.Postgres;

public sealed record ProcessResult(int ExitCode, string Output);

/// <summary>Runs a program to completion and captures what it printed; runs it as another user when asked (PostgreSQL refuses root).</summary>
public static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, string? asUser = null,
        IDictionary<string, string>? env = null, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser is not null && IsRoot && asUser != "root")
        {
            psi.FileName = "runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(asUser);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        else
        {
            psi.FileName = file;
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return new ProcessResult(p.ExitCode, (await stdout) + (await stderr));
    }
}
