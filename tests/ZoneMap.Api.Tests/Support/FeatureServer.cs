using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ZoneMap.Data.Model;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Support;

/// <summary>
/// The real server on a free loopback port (Kestrel, not the in-memory test host) over SampleData plus one structure,
/// so that independent clients such as GDAL can talk to it too.
/// </summary>
public sealed class FeatureServer : IAsyncLifetime
{
    private ZoneMapServer server = null!;
    public TestDatabase Database => server.Database;
    public WebApplication App => server.App;
    /// <summary>http://127.0.0.1:PORT (without the trailing slash: paths are appended with theirs).</summary>
    public string BaseUrl => server.BaseUrl.TrimEnd('/');
    public HttpClient Client => server.Client;

    public async Task InitializeAsync() => server = await ZoneMapServer.StartAsync("ogc", ServerData.Sample, AddDoubleCoreAsync);

    private static async Task AddDoubleCoreAsync(TestDatabase database)
    {
        await using var db = database.Context();
        db.Structures.Add(new Structure
        {
            Id = "cq-double-core", NameZh = "双核", NameZht = "雙核", NameEn = "Double core", Role = "core", Region = "chongqing",
            GeometryMethod = "members", Documents = [SampleData.ChongqingDoc], SourceQuote = "建设两江新区和西永微电园“双核”。",
            Members = [new() { StructureId = "cq-double-core", Ordinal = 0, PlaceId = "cq-liangjiang" }, new() { StructureId = "cq-double-core", Ordinal = 1, PlaceId = "cq-xiyong" }],
        });
        await db.SaveChangesAsync();
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Client.GetAsync(BaseUrl + pathAndQuery);

    public async Task<JsonElement> JsonAsync(string pathAndQuery)
    {
        var response = await GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Feature ids of a GeoJSON FeatureCollection, sorted.</summary>
    public async Task<string[]> IdsAsync(string pathAndQuery)
    {
        var json = await JsonAsync(pathAndQuery);
        return json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").ToString()).Order(StringComparer.Ordinal).ToArray();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();
}

/// <summary>Runs a GDAL command line tool and returns its exit code and output.</summary>
public static class Gdal
{
    public static async Task<(int Exit, string Output)> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>The "Feature Count: N" ogrinfo -so reports for a layer.</summary>
    public static async Task<int> FeatureCountAsync(string source, string? layer = null)
    {
        var args = new List<string> { "-ro", "-so", "-al", source };
        if (layer is not null) { args.Remove("-al"); args.Add(layer); }
        var (exit, output) = await RunAsync("ogrinfo", [.. args]);
        Assert.True(exit == 0, $"ogrinfo {string.Join(' ', args)} failed: {output}");
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Feature Count:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no feature count in ogrinfo output: {output}");
        return int.Parse(line["Feature Count:".Length..].Trim());
    }
}

[CollectionDefinition(Name)]
public sealed class FeatureServerCollection : ICollectionFixture<FeatureServer>
{
    public const string Name = "feature-server";
}
