using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// Property: no generated request target, however hostile, gets a 5xx, a stack trace, or a 4xx that is not
/// problem+json with a title or detail. The normal run sends at least 10 000 requests in-process; for a soak,
/// ZONEMAP_FUZZ_REQUESTS raises the count and ZONEMAP_FUZZ_BASE_URL sends them to a real server (scripts/soak.sh).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed partial class HostileInputFuzzTests(HostileFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int BatchSize = 50;
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("ZONEMAP_FUZZ_REQUESTS"), out var n) && n > 0 ? n : 10_000;
    private static readonly string? BaseUrl = Environment.GetEnvironmentVariable("ZONEMAP_FUZZ_BASE_URL") is { Length: > 0 } url ? url.TrimEnd('/') : null;

    [GeneratedRegex(@"\n\s+at [\w.`<>]+\.[\w<>`]+\(|\w+Exception\b")]
    private static partial Regex StackTraceText();

    [Fact]
    public void No_generated_request_gets_a_5xx_a_stack_trace_or_a_non_problem_4xx()
    {
        using var remote = BaseUrl is null ? null : new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var client = remote ?? fixture.Client;
        var histogram = new ConcurrentDictionary<int, int>();
        var sent = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // A batch per property run: sent in parallel for speed; FsCheck shrinks a failing batch to the failing request.
        var batches = Arb.From(Gen.ArrayOf(HostileQueryGen.Target(), BatchSize), batch => batch.Length > 1 ? batch.Select(t => new[] { t }) : []);
        var property = Prop.ForAll(batches, batch =>
        {
            var failures = Task.WhenAll(batch.Select(target => CheckAsync(client, target, histogram))).GetAwaiter().GetResult()
                .OfType<string>().ToList();
            Interlocked.Add(ref sent, batch.Length);
            if (failures.Count > 0) throw new Xunit.Sdk.XunitException(string.Join("\n", failures));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest((Requests + BatchSize - 1) / BatchSize).WithQuietOnSuccess(true), property);

        var summary = $"fuzzed {sent} requests against {BaseUrl ?? "the in-process server"} in {clock.Elapsed.TotalSeconds:0.0} s; status histogram: "
            + string.Join(", ", histogram.OrderBy(h => h.Key).Select(h => $"{h.Key}×{h.Value}"));
        output.WriteLine(summary);
        // Also on the console, so that `./zonemap test` (normal verbosity) shows it.
        Console.WriteLine("zonemap fuzz: " + summary);
        Assert.True(sent >= Requests, $"only {sent} of {Requests} requests were sent");
        // A fuzzer that only ever hits one status tests little: good and bad requests must both occur.
        Assert.True(histogram.Keys.Any(s => s is >= 200 and < 300) && histogram.Keys.Any(s => s == 400) && histogram.Keys.Any(s => s == 404),
            "the generator did not reach 200, 400 and 404 responses");
    }

    /// <summary>Sends one request; returns what is wrong with the answer, or null.</summary>
    private static async Task<string?> CheckAsync(HttpClient client, string target, ConcurrentDictionary<int, int> histogram)
    {
        var shown = target.Length > 200 ? target[..200] + $"…({target.Length} chars)" : target;
        HttpResponseMessage response;
        try { response = await client.GetAsync(target); }
        catch (Exception e) when (e is HttpRequestException or UriFormatException) { return $"{shown}: request failed: {e.Message}"; }
        using (response)
        {
            var status = (int)response.StatusCode;
            histogram.AddOrUpdate(status, 1, (_, c) => c + 1);
            var media = response.Content.Headers.ContentType?.MediaType;
            // Binary exports (gpkg, zipped shapefile) are not text.
            var body = media is "application/geopackage+sqlite3" or "application/zip" ? "" : await response.Content.ReadAsStringAsync();
            if (status >= 500) return $"{shown} → {status}: {Trim(body)}";
            var decoded = WebUtility.UrlDecode(target);
            if (StackTraceText().Match(body) is { Success: true } m && !decoded.Contains(m.Value, StringComparison.Ordinal))
                return $"{shown} → {status} shows stack trace text '{m.Value}': {Trim(body)}";
            // Kestrel itself answers a request line over its limit (real server only) before ZoneMap sees it.
            if (status is >= 400 and < 500 && status is not (414 or 431))
            {
                if (media != "application/problem+json") return $"{shown} → {status} with Content-Type {media}: {Trim(body)}";
                try
                {
                    var problem = JsonDocument.Parse(body).RootElement;
                    var title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
                    var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
                    if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(detail)) return $"{shown} → {status} problem without title or detail: {Trim(body)}";
                }
                catch (JsonException) { return $"{shown} → {status} problem+json that is not JSON: {Trim(body)}"; }
            }
            return null;
        }
    }

    private static string Trim(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
