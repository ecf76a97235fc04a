using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ZoneMap.Browser.Tests.Support;

namespace ZoneMap.Browser.Tests;

/// <summary>The map over SampleData, where every answer is known by hand (exact names, quotes, comparison classes).</summary>
[Collection(MapCollection.Name)]
public sealed class MapTests(MapFixture fixture)
{
    [Fact]
    public async Task The_map_follows_next_links_until_it_has_every_feature()
    {
        var map = await MapPage.OpenAsync(fixture);
        // One feature a page: the map's loader must walk the collection's "next" links to the end.
        var loaded = await map.Page.EvaluateAsync<int[]>(
            "async () => { const api = await import('./js/api.js'); const r = await api.fetchCollection('zones', new URLSearchParams({ limit: '1' })); return [r.features.length, r.numberMatched, new Set(r.features.map(f => f.id)).size]; }");
        var all = await fixture.NumberMatchedAsync("zones", "");
        Assert.True(all > 1);
        Assert.Equal([all, all, all], loaded.Select(n => (long)n).ToArray());
    }

    [Fact]
    public async Task Choosing_a_sector_shows_what_the_api_matches_for_it()
    {
        var map = await MapPage.OpenAsync(fixture);
        var before = await map.ShownCountAsync();
        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=biomedicine]").CheckAsync());
        var expected = await fixture.NumberMatchedAsync("zones", "sector=biomedicine");
        Assert.Equal(expected, await map.ShownCountAsync());
        Assert.NotEqual(before, await map.ShownCountAsync());
        Assert.Contains("sector=biomedicine", map.Query);

        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=notebook-computers]").CheckAsync());
        Assert.Equal(await fixture.NumberMatchedAsync("zones", "sector=biomedicine,notebook-computers"), await map.ShownCountAsync());
    }

    [Theory]
    [InlineData("region=shanghai", "西永", "chongqing", "cq-xiyong", "西永微电园")]
    [InlineData("region=chongqing", "張江", "shanghai", "sh-zhangjiang", "张江科学城")]
    [InlineData("", "Lingang", "shanghai", "sh-lingang", "临港新片区")]
    [InlineData("region=shanghai", "两江", "chongqing", "cq-liangjiang", "两江新区")]
    public async Task Search_goes_to_the_place_and_opens_it(string start, string term, string region, string id, string name)
    {
        var map = await MapPage.OpenAsync(fixture, start);
        await map.Page.FillAsync("#search-input", term);
        await map.Page.PressAsync("#search-input", "Enter");
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync(name);
        Assert.True(await map.Page.Locator($"input[name=region][value={region}]").IsCheckedAsync());
        Assert.Contains($"region={region}", map.Query);
        Assert.Contains($"zone={id}", map.Query);
        // The place's own symbol is now inside the visible map.
        await Assertions.Expect(map.Page.Locator($".zone-icon[aria-label^='{name}']")).ToBeInViewportAsync();
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task The_mentions_layer_draws_one_dot_per_mention_the_api_matches()
    {
        var map = await MapPage.OpenAsync(fixture, "region=chongqing");
        Assert.Equal(0, await map.Page.Locator(".mention-dot").CountAsync());
        await map.ChangeAsync(() => map.Page.Locator("input[name=layer][value=mentions]").CheckAsync());
        await Assertions.Expect(map.Page.Locator(".mention-dot")).ToHaveCountAsync((int)await fixture.NumberMatchedAsync("mentions", "region=chongqing"));
        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=notebook-computers]").CheckAsync());
        await Assertions.Expect(map.Page.Locator(".mention-dot")).ToHaveCountAsync((int)await fixture.NumberMatchedAsync("mentions", "region=chongqing&sector=notebook-computers"));
    }

    [Fact]
    public async Task Districts_can_be_shaded_by_zone_count()
    {
        var map = await MapPage.OpenAsync(fixture, "region=chongqing");
        await Assertions.Expect(map.Page.Locator("path.district[fill-opacity='0.6']")).ToHaveCountAsync(0);
        await map.Page.Locator("#shade-districts").CheckAsync();
        var districts = (int)await fixture.NumberMatchedAsync("districts", "region=chongqing");
        await Assertions.Expect(map.Page.Locator("path.district[fill-opacity='0.6']")).ToHaveCountAsync(districts);
        Assert.Contains("shade=1", map.Query);
    }

    [Fact]
    public async Task A_zones_panel_quotes_sentences_that_exist_verbatim_in_their_document()
    {
        var map = await MapPage.OpenAsync(fixture, "region=chongqing");
        await map.Page.Locator(".zone-icon[aria-label^='西永微电园']").ClickAsync();
        var quotes = map.Page.Locator("#panel .quotes li");
        var mentions = await fixture.Api.GetFromJsonAsync<JsonElement>("collections/mentions/items?region=chongqing&limit=1000");
        var ofXiyong = mentions.GetProperty("features").EnumerateArray().Count(f => f.GetProperty("properties").GetProperty("place_id").GetString() == "cq-xiyong");
        Assert.True(ofXiyong >= 2);
        await Assertions.Expect(quotes).ToHaveCountAsync(ofXiyong);
        for (var i = 0; i < await quotes.CountAsync(); i++)
        {
            var item = quotes.Nth(i);
            var quote = await item.Locator("blockquote").TextContentAsync();
            var documentId = await item.GetAttributeAsync("data-document");
            var document = await fixture.Api.GetFromJsonAsync<JsonElement>($"documents/{documentId}");
            Assert.False(string.IsNullOrEmpty(quote));
            Assert.Contains(quote, document.GetProperty("text").GetString());
        }

        await quotes.Nth(1).GetByRole(AriaRole.Button).ClickAsync();
        var mark = map.Page.Locator("#panel .document-text mark");
        await Assertions.Expect(mark).ToHaveTextAsync("西永微电园重点发展笔记本电脑和集成电路。");
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync("样例重庆规划");
        await map.Page.GetByRole(AriaRole.Button, new() { Name = "← 返回" }).ClickAsync();
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync("西永微电园");
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task A_shared_url_restores_its_filters_and_so_does_a_reload()
    {
        var map = await MapPage.OpenAsync(fixture, "sector=integrated-circuits&period=2011-2015&region=chongqing&zone=cq-xiyong");
        Assert.True(await map.Page.Locator("input[name=sector][value=integrated-circuits]").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=period][value='2011-2015']").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=region][value=chongqing]").IsCheckedAsync());
        Assert.Equal(await fixture.NumberMatchedAsync("zones", "sector=integrated-circuits&period=2011-2015&region=chongqing"), await map.ShownCountAsync());
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync("西永微电园");

        await map.ChangeAsync(() => map.Page.Locator("input[name=period][value='']").CheckAsync());
        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=nev]").CheckAsync());
        var before = await map.ShownCountAsync();
        await map.Page.ReloadAsync();
        await map.WaitReadyAsync(0);
        Assert.True(await map.Page.Locator("input[name=sector][value=nev]").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=period][value='']").IsCheckedAsync());
        Assert.Equal(before, await map.ShownCountAsync());
    }

    [Fact]
    public async Task Tiles_that_load_come_from_the_configured_url()
    {
        var page = await fixture.NewPageAsync();
        var requested = 0;
        // A stand-in tile server: one 1×1 PNG for every tile of the configured host.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=");
        await page.RouteAsync("https://tiles.example/**", route => { requested++; return route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = png }); });
        await page.GotoAsync(fixture.BaseUrl + "?tiles=" + Uri.EscapeDataString("https://tiles.example/{z}/{x}/{y}.png"));
        await Assertions.Expect(page.Locator(".leaflet-tile-loaded").First).ToBeAttachedAsync();
        Assert.True(requested > 0);
        Assert.Null(await page.Locator("#map").GetAttributeAsync("data-basemap"));
    }

    [Fact]
    public async Task Comparing_two_periods_lists_what_appeared_and_disappeared()
    {
        var map = await MapPage.OpenAsync(fixture, "compare=2011-2015,2021-2025");
        var inA = await fixture.NumberMatchedAsync("zones", "period=2011-2015");
        var inB = await fixture.NumberMatchedAsync("zones", "period=2021-2025");
        // In the sample no zone is in both periods, so every zone of the later one appeared and every earlier one disappeared.
        await Assertions.Expect(map.Page.Locator("#compare-list h3").Nth(0)).ToContainTextAsync($"({inB})");
        await Assertions.Expect(map.Page.Locator("#compare-list h3").Nth(1)).ToContainTextAsync($"({inA})");
        Assert.Equal(inA + inB, await map.ShownCountAsync());
        Assert.True(await map.Page.Locator("#compare-on").IsCheckedAsync());
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Comparing_shows_zones_that_appeared_disappeared_or_changed_sectors()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai");
        await map.Page.Locator("#compare-a").SelectOptionAsync("2016-2020");
        await map.Page.Locator("#compare-b").SelectOptionAsync("2021-2025");
        await map.ChangeAsync(() => map.Page.Locator("#compare-on").CheckAsync());
        Assert.Contains("compare=2016-2020,2021-2025", map.Query);
        var list = map.Page.Locator("#compare-list");
        await Assertions.Expect(list.Locator("h3").Nth(0)).ToContainTextAsync("(1)");
        await Assertions.Expect(list.Locator("ul").Nth(0)).ToHaveTextAsync("临港新片区");
        await Assertions.Expect(list.Locator("ul").Nth(1)).ToHaveTextAsync("金桥开发区");
        await Assertions.Expect(list.Locator("ul").Nth(2)).ToHaveTextAsync("张江科学城");
        Assert.Equal(3, await map.ShownCountAsync());
        await Assertions.Expect(map.Page.Locator(".zone-icon .status-disappeared")).ToHaveCountAsync(1);
        await Assertions.Expect(map.Page.Locator(".zone-icon .status-changed")).ToHaveCountAsync(1);

        // Clicking a listed zone opens its panel, with the sentences of both periods.
        await list.GetByRole(AriaRole.Button, new() { Name = "张江科学城" }).ClickAsync();
        await Assertions.Expect(map.Page.Locator("#panel .quotes li")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task The_language_toggle_switches_to_english_and_is_remembered()
    {
        var map = await MapPage.OpenAsync(fixture);
        await map.ChangeAsync(() => map.Page.ClickAsync("#lang-toggle"));
        await Assertions.Expect(map.Page.Locator("#region-filter legend")).ToHaveTextAsync("Region");
        Assert.Equal("en", await map.Page.GetAttributeAsync("html", "lang"));
        await map.Page.ReloadAsync();
        await map.WaitReadyAsync(0);
        await Assertions.Expect(map.Page.Locator("#region-filter legend")).ToHaveTextAsync("Region");
    }

    [Fact]
    public async Task Structures_are_drawn_and_labelled()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai");
        var structures = await fixture.Api.GetFromJsonAsync<JsonElement>("collections/structures/items?region=shanghai");
        var first = structures.GetProperty("features")[0].GetProperty("properties").GetProperty("name_zh").GetString()!;
        await Assertions.Expect(map.Page.Locator(".structure-label").Filter(new() { HasText = first }).First).ToBeVisibleAsync();
        await map.Page.Locator("input[name=layer][value=structures]").UncheckAsync();
        await Assertions.Expect(map.Page.Locator(".structure-label")).ToHaveCountAsync(0);
        Assert.Contains("layers=zones,districts", map.Query);
    }

    [Fact]
    public async Task A_zone_opens_from_the_keyboard()
    {
        var map = await MapPage.OpenAsync(fixture, "region=chongqing");
        var marker = map.Page.Locator(".zone-icon[aria-label^='两江新区']");
        await marker.FocusAsync();
        await map.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync("两江新区");
        await map.Page.Keyboard.PressAsync("Tab");
        await map.Page.Locator("#panel-close").FocusAsync();
        await map.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(map.Page.Locator("#panel")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_map_works_under_a_strict_content_security_policy()
    {
        var page = await fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) violations.Add(m.Text); };
        // No 'unsafe-inline' anywhere: the page must have no inline script, handler or style attribute in markup.
        const string policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'";
        await page.RouteAsync(u => new Uri(u).AbsolutePath == "/", async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = policy };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        await page.GotoAsync(fixture.BaseUrl + "?tiles=none&region=chongqing&zone=cq-xiyong");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "ready");
        await Assertions.Expect(page.Locator("#panel .quotes li").First).ToBeVisibleAsync();
        await page.Locator("#panel .quotes li").Nth(1).GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#panel .document-text mark")).ToBeVisibleAsync();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
