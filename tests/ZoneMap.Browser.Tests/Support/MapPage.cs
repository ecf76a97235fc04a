using Microsoft.Playwright;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Browser.Tests.Support;

/// <summary>The map as a person uses it, plus what the page tells about its own state (status line, URL).</summary>
public sealed class MapPage(IPage page)
{
    public IPage Page => page;
    public List<string> Errors { get; } = [];

    /// <summary>Opens the map and waits until the zones are drawn; records console errors and uncaught exceptions.</summary>
    /// <param name="beforeOpen">Runs on the page before it loads (e.g. to watch its requests from the first one).</param>
    public static async Task<MapPage> OpenAsync(MapFixture fixture, string query = "", int width = 1280, int height = 800, Action<IPage>? beforeOpen = null)
    {
        var map = new MapPage(await fixture.NewPageAsync(width, height));
        beforeOpen?.Invoke(map.Page);
        map.Page.Console += (_, message) =>
        {
            // A tile host that cannot be reached is expected here (no internet); anything from ZoneMap itself is not.
            if (message.Type == "error" && (message.Location.StartsWith(fixture.BaseUrl) || !message.Location.StartsWith("http")))
                map.Errors.Add($"{message.Text} ({message.Location})");
        };
        map.Page.PageError += (_, error) => map.Errors.Add(error);
        await map.Page.GotoAsync(fixture.MapUrl(query));
        await map.WaitReadyAsync(0);
        return map;
    }

    public ILocator Status => page.Locator("#status");

    private async Task<int> GenerationAsync() => int.Parse(await Status.GetAttributeAsync("data-generation") ?? "0");

    /// <summary>Waits until a refresh newer than `after` has finished drawing.</summary>
    public async Task WaitReadyAsync(int after)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "after => { const s = document.getElementById('status'); return s.dataset.state === 'ready' && Number(s.dataset.generation) > after; }",
                after, new PageWaitForFunctionOptions { Timeout = 30000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The map did not finish drawing; status: '{await Status.TextContentAsync()}'; errors: {string.Join(" / ", Errors)}");
        }
    }

    /// <summary>Does something that reloads the zones, and waits for the redraw.</summary>
    public async Task ChangeAsync(Func<Task> action)
    {
        var before = await GenerationAsync();
        await action();
        await WaitReadyAsync(before);
    }

    /// <summary>How many zone features the map has drawn (counted from its layers, not from the API).</summary>
    public async Task<int> ShownCountAsync() => int.Parse(await Status.GetAttributeAsync("data-count") ?? "-1");

    public string Query => new Uri(page.Url).Query;

    public Task ScreenshotAsync(string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(name) });
}

public static class Screenshots
{
    /// <summary>docs/screenshots/NAME.png in the repository, so the README can link them.</summary>
    public static string PathFor(string name) => Repository.Screenshot(name);
}
