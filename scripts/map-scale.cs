#!/usr/bin/env -S dotnet run
// Measures how the web map behaves over a large features collection (a script run, not a test: it prints numbers and
// judges nothing). Start a server over the data first, e.g.
//   ./zonemap bench generate --features 1000000 --seed 7 -o /tmp/national.geojson
//   ./zonemap load /tmp/national.geojson --replace && ./zonemap serve --port 5187
//   dotnet run scripts/map-scale.cs -- http://127.0.0.1:5187/ [screenshot.png]
// It drives the system's Chromium (as the browser tests do) and reports: the first view (national), the time to the
// first drawn tiles after zooming to a dense city, a pan, a click on a feature, and the longest main-thread task
// (the map stays interactive while that stays short).
#:package Microsoft.Playwright@1.64.1
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

var baseUrl = args.Length > 0 ? args[0].TrimEnd('/') + "/" : "http://127.0.0.1:5080/";
// Shanghai's centre (the densest city of the generated data set) at a city zoom, then a pan of a third of the view.
const double Lat = 31.23, Lng = 121.47;
int[] zooms = [9, 10, 12, 14, 12];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
var errors = new List<string>();
page.Console += (_, m) => { if (m.Type == "error" && m.Location.StartsWith(baseUrl)) errors.Add(m.Text); };
page.PageError += (_, e) => errors.Add(e);
long tileBytes = 0;
int tiles = 0;
page.RequestFinished += async (_, r) =>
{
    if (!r.Url.Contains("/collections/features/tiles/")) return;
    Interlocked.Increment(ref tiles);
    Interlocked.Add(ref tileBytes, (await r.SizesAsync()).ResponseBodySize);
};
// Long tasks: anything that keeps the main thread (input, panning) busy for more than 50 ms.
await page.AddInitScriptAsync("""
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    """);

var clock = Stopwatch.StartNew();
await page.GotoAsync(baseUrl + "?tiles=none&lang=en");
await page.WaitForFunctionAsync("() => document.getElementById('status').dataset.state === 'ready'", null, new() { Timeout = 120000 });
Report("national view ready", clock.Elapsed, await Status());

foreach (var zoom in zooms)
{
    var loaded = await Loaded();
    var drawn = int.Parse(await page.Locator("#map").GetAttributeAsync("data-bulk-tiles-drawn") ?? "0", CultureInfo.InvariantCulture);
    var before = (tiles, tileBytes);
    clock.Restart();
    await page.EvaluateAsync("async ([lat, lng, z]) => { const { map } = await import('./js/main.js'); window.__moved = performance.now(); map.setView([lat, lng], z, { animate: false }); }", new object[] { Lat, Lng, zoom });
    var first = await FirstPaintAsync(clock, drawn);
    if (first is null)
    {
        Report($"zoom {zoom}: no tiles (too many features in view)", clock.Elapsed, await Status());
        continue;
    }
    await page.WaitForFunctionAsync("n => Number(document.getElementById('map').dataset.bulkTilesLoaded ?? 0) > n", loaded, new() { Timeout = 120000 });
    Report($"zoom {zoom}: first drawn tile {first.Value.TotalMilliseconds:0} ms, all tiles", clock.Elapsed, $"{tiles - before.tiles} tiles, {(tileBytes - before.tileBytes) / 1e6:0.0} MB (compressed), {await Status()}");

    loaded = await Loaded();
    clock.Restart();
    await page.EvaluateAsync("async () => { const { map } = await import('./js/main.js'); map.panBy([420, 0], { animate: false }); }");
    await page.WaitForFunctionAsync("n => Number(document.getElementById('map').dataset.bulkTilesLoaded ?? 0) > n", loaded, new() { Timeout = 120000 });
    Report($"zoom {zoom}: pan by a third of the view, new tiles drawn", clock.Elapsed, await Status());
}

// A click in the middle of the view: the panel opens with whatever is drawn there (or nothing is under the pointer).
clock.Restart();
await page.Mouse.ClickAsync(640, 400);
try
{
    await page.Locator("#panel").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5000 });
    Report("click → panel", clock.Elapsed, await page.Locator("#panel-title").TextContentAsync() ?? "");
}
catch (TimeoutException) { Console.WriteLine("click → no feature under the pointer"); }

if (args.Length > 1) await page.ScreenshotAsync(new() { Path = args[1] });
Console.WriteLine(errors.Count == 0 ? "console errors: none" : "console errors: " + string.Join(" / ", errors));
return errors.Count == 0 ? 0 : 1;

async Task<int> Loaded() => int.Parse(await page.Locator("#map").GetAttributeAsync("data-bulk-tiles-loaded") ?? "0", CultureInfo.InvariantCulture);
async Task<string> Status() => $"mode {await page.Locator("#status").GetAttributeAsync("data-features-mode")}: {await page.Locator("#status").TextContentAsync()}";

// The first tile drawn after a move; null when the map asks to zoom in instead (it then draws none).
async Task<TimeSpan?> FirstPaintAsync(Stopwatch since, int drawn)
{
    var outcome = await page.WaitForFunctionAsync("""
        n => Number(document.getElementById('map').dataset.bulkTilesDrawn ?? 0) > n ? 'drawn'
          : document.getElementById('status').dataset.featuresMode === 'zoom-in' && performance.now() - window.__moved > 3000 ? 'zoom-in' : false
        """, drawn, new() { Timeout = 120000, PollingInterval = 10 });
    return await outcome.JsonValueAsync<string>() == "drawn" ? since.Elapsed : null;
}

void Report(string what, TimeSpan elapsed, string detail)
{
    // The main thread's long tasks since the last report: what a person panning or clicking would have waited for.
    var longTasks = page.EvaluateAsync<double[]>("() => window.__longTasks.splice(0)").GetAwaiter().GetResult();
    Console.WriteLine($"{what}: {elapsed.TotalMilliseconds:0} ms — longest main-thread task {(longTasks.Length > 0 ? longTasks.Max() : 0):0} ms ({longTasks.Length} over 50 ms) — {detail}");
}
