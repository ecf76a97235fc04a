using System.CommandLine;
using System.Diagnostics;
using System.Text.RegularExpressions;
using ZoneMap.Cli.Postgres;

namespace ZoneMap.Cli.Commands;

/// <summary>Every test suite against a real PostGIS: the local cluster (or ZONEMAP_DB's server) hosts a throwaway database per suite.</summary>
public static partial class TestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "dotnet test filter expression (optional)" };
        var command = new Command("test", "Run every test suite against a real PostGIS.") { filter };
        command.SetAction(async (parse, ct) =>
        {
            var paths = ProjectPaths.Discover();
            string adminDb;
            var external = Environment.GetEnvironmentVariable("ZONEMAP_DB");
            if (!string.IsNullOrWhiteSpace(external)) adminDb = external;
            else
            {
                var cluster = new LocalCluster(paths.ClusterDir);
                await cluster.EnsureRunningAsync(ct);
                adminDb = cluster.AdminConnectionString();
            }

            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "test", paths.Solution, "-c", "Release", "--no-build", "--logger", "console;verbosity=normal" }) psi.ArgumentList.Add(a);
            if (parse.GetValue(filter) is { } f) { psi.ArgumentList.Add("--filter"); psi.ArgumentList.Add(f); }
            psi.Environment["ZONEMAP_TEST_ADMIN_DB"] = adminDb;
            psi.Environment["ZONEMAP_HOME"] = paths.Root;

            using var p = Process.Start(psi)!;
            int passed = 0, failed = 0, skipped = 0;
            while (await p.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                Console.WriteLine(line);
                var m = Summary().Match(line);
                if (m.Success)
                {
                    var n = int.Parse(m.Groups["n"].Value);
                    switch (m.Groups["kind"].Value)
                    {
                        case "Passed": passed += n; break;
                        case "Failed": failed += n; break;
                        default: skipped += n; break;
                    }
                }
            }
            await p.WaitForExitAsync(ct);
            Console.WriteLine($"zonemap test: {passed} passed, {failed} failed, {skipped} skipped");
            return p.ExitCode != 0 ? p.ExitCode : failed > 0 ? 1 : 0;
        });
        return command;
    }

    // The per-assembly totals `dotnet test` prints at normal verbosity ("     Passed: 12").
    [GeneratedRegex(@"^\s+(?<kind>Passed|Failed|Skipped): (?<n>\d+)$")]
    private static partial Regex Summary();
}
