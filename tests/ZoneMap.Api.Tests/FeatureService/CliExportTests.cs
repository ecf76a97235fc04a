using System.Diagnostics;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

/// <summary>`zonemap export` (the built CLI, as a process) shares the /export code path: same bytes for the same filters.</summary>
[Collection(FeatureServerCollection.Name)]
public sealed class CliExportTests(FeatureServer server)
{
    private static string CliDll()
    {
        var home = Environment.GetEnvironmentVariable("ZONEMAP_HOME") ?? throw new InvalidOperationException("ZONEMAP_HOME is not set: run with ./zonemap test.");
        return Path.Combine(home, "src", "ZoneMap.Cli", "bin", "Release", "net10.0", "zonemap.dll");
    }

    private async Task<(int Exit, string Output)> ZonemapAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ZONEMAP_DB"] = server.Database.ConnectionString;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Cli_export_writes_what_the_endpoint_serves()
    {
        var dir = Directory.CreateTempSubdirectory("zonemap-cli-");
        try
        {
            var csv = Path.Combine(dir.FullName, "it.csv");
            var (exit, output) = await ZonemapAsync("export", "--format", "csv", "--sector", "new-generation-it", "--region", "chongqing", "-o", csv);
            Assert.True(exit == 0, output);
            var served = await (await server.GetAsync("/export?format=csv&sector=new-generation-it&region=chongqing")).Content.ReadAsByteArrayAsync();
            Assert.Equal(served, await File.ReadAllBytesAsync(csv));

            var gpkg = Path.Combine(dir.FullName, "mentions.gpkg");
            (exit, output) = await ZonemapAsync("export", "--format", "gpkg", "--collection", "mentions", "--period", "2011-2015", "-o", gpkg);
            Assert.True(exit == 0, output);
            Assert.Equal(3, await Gdal.FeatureCountAsync(gpkg));

            (exit, output) = await ZonemapAsync("export", "--format", "csv", "--sector", "steel", "-o", csv);
            Assert.Equal(2, exit);
            Assert.Contains("Unknown sector 'steel'", output);
        }
        finally { dir.Delete(true); }
    }
}
