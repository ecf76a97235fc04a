using Microsoft.Playwright;
using ZoneMap.Browser.Tests.Support;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Browser.Tests;

/// <summary>
/// A zone and a document whose text holds a script tag and an img onerror handler (HostileData): the map's panel and
/// document view show the text literally and nothing in it runs. Own MapFixture instance, so the shared map data stays as it is.
/// </summary>
public sealed class HostileTextTests(MapFixture fixture) : IClassFixture<MapFixture>
{
    [Fact]
    public async Task Markup_in_place_names_and_quotes_is_shown_as_text_and_never_runs()
    {
        await HostileData.AddAsync(fixture.Database.ConnectionString);
        var page = await fixture.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        var map = new MapPage(page);
        page.PageError += (_, error) => map.Errors.Add(error);
        await page.GotoAsync(fixture.MapUrl($"region=shanghai&zone={HostileData.PlaceId}"));
        await map.WaitReadyAsync(0);

        // The zone's panel: name and quote as literal text.
        await Assertions.Expect(page.Locator("#panel-title")).ToHaveTextAsync(HostileData.PlaceName);
        var quote = page.Locator("#panel .quotes li");
        await Assertions.Expect(quote).ToHaveCountAsync(1);
        await Assertions.Expect(quote.Locator("blockquote")).ToHaveTextAsync(HostileData.Quote);
        await AssertNothingRanAsync(page, dialogs);

        // The document view: title, text and highlighted quote, literally.
        await quote.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#panel .document-text mark")).ToHaveTextAsync(HostileData.Quote);
        await Assertions.Expect(page.Locator("#panel-title")).ToHaveTextAsync(HostileData.DocumentTitle);
        await Assertions.Expect(page.Locator("#panel .document-text")).ToContainTextAsync(HostileData.ImagePayload);
        await AssertNothingRanAsync(page, dialogs);
        Assert.Empty(map.Errors);
    }

    private static async Task AssertNothingRanAsync(IPage page, List<string> dialogs)
    {
        // Give an onerror handler (the img's src "x" fails to load) time to fire, had the tag been created.
        await page.WaitForTimeoutAsync(300);
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), "a hostile script or handler ran");
        Assert.Empty(dialogs);
        // Not even created as elements (the CSP would block them running; they must not be markup in the first place).
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.scripts].filter(s => s.textContent.includes('__xss')).length"));
    }
}
