using System.Diagnostics;
using Npgsql;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// `zonemap ingest` killed half-way through a document (the ZONEMAP_TEST_CRASH_AFTER_MENTIONS hook in PlanIngestor)
/// leaves the database exactly as it was; running it again without the hook succeeds.
/// </summary>
public sealed class CrashDuringIngestTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync("crash");
    public async Task DisposeAsync() => await db.DisposeAsync();

    private static string Seed(string prefix) => Directory.GetFiles(Repository.Seeds, prefix + "_*.txt").Single();

    private async Task<(int Exit, string Output, TimeSpan Took)> IngestAsync(string seed, int? crashAfterMentions)
    {
        var home = Environment.GetEnvironmentVariable("ZONEMAP_HOME") ?? throw new InvalidOperationException("ZONEMAP_HOME is not set: run with ./zonemap test.");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(home, "src", "ZoneMap.Cli", "bin", "Release", "net10.0", "zonemap.dll"));
        psi.ArgumentList.Add("ingest");
        psi.ArgumentList.Add(seed);
        psi.Environment["ZONEMAP_DB"] = db.ConnectionString;
        if (crashAfterMentions is { } n) psi.Environment["ZONEMAP_TEST_CRASH_AFTER_MENTIONS"] = n.ToString();
        else psi.Environment.Remove("ZONEMAP_TEST_CRASH_AFTER_MENTIONS");
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        return (p.ExitCode, await stdout + await stderr, clock.Elapsed);
    }

    private async Task<long> MentionsOfAsync(string documentId)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM mentions WHERE \"DocumentId\" = $1", conn) { Parameters = { new() { Value = documentId } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine("zonemap crash test: " + line);
    }

    [Fact]
    public async Task An_ingest_killed_mid_transaction_changes_nothing_and_a_rerun_succeeds()
    {
        // A first, normal ingest loads geodata and one plan, so the database is not trivially empty.
        var first = await IngestAsync(Seed("000"), null);
        Assert.True(first.Exit == 0, first.Output);
        var before = await DatabaseContent.HashAsync(db.ConnectionString);

        var crashed = await IngestAsync(Seed("004"), crashAfterMentions: 5);
        Report($"first ingest {first.Took.TotalSeconds:0.0} s; crashed ingest: exit {crashed.Exit} after {crashed.Took.TotalSeconds:0.0} s");
        Assert.True(crashed.Exit != 0, "the hook did not kill the ingest: " + crashed.Output);
        Assert.Contains("ZONEMAP_TEST_CRASH_AFTER_MENTIONS=5: killing the ingest after", crashed.Output);
        Assert.Equal(before, await DatabaseContent.HashAsync(db.ConnectionString));
        Assert.Equal(0, await MentionsOfAsync("004"));

        var rerun = await IngestAsync(Seed("004"), null);
        Report($"re-run ingest: exit {rerun.Exit} after {rerun.Took.TotalSeconds:0.0} s");
        Assert.True(rerun.Exit == 0, rerun.Output);
        Assert.True(await MentionsOfAsync("004") >= 5);
        Assert.NotEqual(before, await DatabaseContent.HashAsync(db.ConnectionString));
    }
}
