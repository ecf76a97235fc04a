using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ZoneMap.Browser.Tests.Support;

namespace ZoneMap.Browser.Tests;

/// <summary>
/// The issue's checks on the real data (geodata/ and the five seeds through the production loader and ingest): every
/// expected number comes from the API over the same database, never from the test.
/// </summary>
[Collection(RealMapCollection.Name)]
public sealed class RealMapTests(RealMapFixture fixture)
{
    private const string Xiyong = "cq-xiyong-mep";
    private const string XiyongName = "西永微电子产业园区";

    private async Task<JsonElement> ApiAsync(string pathAndQuery) => await fixture.Api.GetFromJsonAsync<JsonElement>(pathAndQuery);

    private async Task<HashSet<string>> ZoneIdsAsync(string query)
    {
        var body = await ApiAsync($"collections/zones/items?limit=10000&{query}");
        return body.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).ToHashSet();
    }

    [Fact]
    public async Task The_map_loads_with_every_real_zone_drawn()
    {
        var map = await MapPage.OpenAsync(fixture);
        var zones = await fixture.NumberMatchedAsync("zones", "");
        Assert.True(zones > 50, $"the real data should give many zones, the API says {zones}");
        Assert.Equal(zones, await map.ShownCountAsync());
        Assert.True(await map.Page.Locator(".zone-icon, .zone-cluster").CountAsync() > 0, "no zone symbol or cluster on the map");
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task The_sector_list_holds_every_family_and_sector_of_the_taxonomy()
    {
        var map = await MapPage.OpenAsync(fixture);
        var taxonomy = await ApiAsync("sectors");
        var families = taxonomy.GetProperty("families").EnumerateArray().ToList();
        var sectors = families.Sum(f => f.GetProperty("sectors").GetArrayLength());
        Assert.True(families.Count >= 10 && sectors >= 40, $"{families.Count} families, {sectors} sectors");
        await Assertions.Expect(map.Page.Locator("input[name=family]")).ToHaveCountAsync(families.Count);
        await Assertions.Expect(map.Page.Locator("input[name=sector]")).ToHaveCountAsync(sectors);
        // Every checkbox has an accessible name (its label), in Chinese by default.
        var circuits = map.Page.GetByRole(AriaRole.Checkbox, new() { Name = "集成电路", Exact = false }).First;
        await Assertions.Expect(circuits).ToBeAttachedAsync();
    }

    [Fact]
    public async Task Sector_counts_follow_the_region_and_period_and_say_what_choosing_the_sector_would_show()
    {
        var map = await MapPage.OpenAsync(fixture);
        ILocator Count(string sector) => map.Page.Locator($"#sector-tree label:has(input[name=sector][value='{sector}']) .count");
        async Task ExpectCountsAsync(string filters)
        {
            foreach (var sector in new[] { "integrated-circuits", "notebook-computers", "biomedicine" })
            {
                var expected = await fixture.NumberMatchedAsync("zones", $"sector={sector}{filters}");
                await Assertions.Expect(Count(sector)).ToHaveTextAsync($"({expected})");
            }
        }
        await ExpectCountsAsync("");
        await map.ChangeAsync(() => map.Page.Locator("input[name=region][value=chongqing]").CheckAsync());
        await ExpectCountsAsync("&region=chongqing");
        await map.ChangeAsync(() => map.Page.Locator("input[name=period][value='2021-2025']").CheckAsync());
        await ExpectCountsAsync("&region=chongqing&period=2021-2025");
        // The count is what choosing the sector shows.
        await map.ChangeAsync(() => map.Page.Locator("input[name=region][value=shanghai]").CheckAsync());
        var biomedicine = await fixture.NumberMatchedAsync("zones", "sector=biomedicine&region=shanghai&period=2021-2025");
        Assert.True(biomedicine > 0);
        await Assertions.Expect(Count("biomedicine")).ToHaveTextAsync($"({biomedicine})");
        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=biomedicine]").CheckAsync());
        Assert.Equal(biomedicine, await map.ShownCountAsync());
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Choosing_a_sector_shows_what_the_api_matches_for_it()
    {
        var map = await MapPage.OpenAsync(fixture);
        var before = await map.ShownCountAsync();
        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=integrated-circuits]").CheckAsync());
        var expected = await fixture.NumberMatchedAsync("zones", "sector=integrated-circuits");
        Assert.True(expected > 0);
        Assert.Equal(expected, await map.ShownCountAsync());
        Assert.NotEqual(before, expected);
        Assert.Contains("sector=integrated-circuits", map.Query);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Choosing_a_period_shows_what_the_api_matches_for_it()
    {
        var map = await MapPage.OpenAsync(fixture);
        var all = await map.ShownCountAsync();
        await map.ChangeAsync(() => map.Page.Locator("input[name=period][value='2021-2025']").CheckAsync());
        var expected = await fixture.NumberMatchedAsync("zones", "period=2021-2025");
        Assert.True(expected > 0 && expected < all, $"2021-2025: {expected} of {all}");
        Assert.Equal(expected, await map.ShownCountAsync());
        await map.ChangeAsync(() => map.Page.Locator("input[name=period][value='2011-2015']").CheckAsync());
        Assert.Equal(await fixture.NumberMatchedAsync("zones", "period=2011-2015"), await map.ShownCountAsync());
        Assert.Contains("period=2011-2015", map.Query);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Searching_xiyong_goes_to_chongqing_and_opens_the_park()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai");
        await map.Page.FillAsync("#search-input", "西永");
        await map.Page.PressAsync("#search-input", "Enter");
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync(XiyongName);
        Assert.True(await map.Page.Locator("input[name=region][value=chongqing]").IsCheckedAsync());
        Assert.Contains("region=chongqing", map.Query);
        Assert.Contains($"zone={Xiyong}", map.Query);
        // Where the point comes from, as the gazetteer says it, unfolded on demand; an estimated point says so.
        var zone = (await ApiAsync($"collections/zones/items/{Xiyong}")).GetProperty("properties");
        var source = map.Page.Locator("#panel details.location-source");
        await source.Locator("summary").ClickAsync();
        await Assertions.Expect(source).ToContainTextAsync(zone.GetProperty("location_source").GetString()!);
        if (zone.GetProperty("location_estimated").GetBoolean()) await Assertions.Expect(map.Page.Locator("#panel .facts")).ToContainTextAsync("估计位置");
        // The map now shows Chongqing, and the park's own symbol is inside the visible map.
        var park = map.Page.Locator($".zone-icon[aria-label^='{XiyongName}']");
        await Assertions.Expect(park).ToBeInViewportAsync();
        // The bonded zone lies next to it (1.9 km): both symbols show, side by side, not one under the other.
        var bonded = map.Page.Locator(".zone-icon[aria-label^='西永综合保税区']");
        await Assertions.Expect(bonded).ToBeInViewportAsync();
        var (a, b) = ((await park.BoundingBoxAsync())!, (await bonded.BoundingBoxAsync())!);
        Assert.True(Math.Abs(a.X - b.X) + Math.Abs(a.Y - b.Y) >= 16, $"the two symbols overlap: {a.X},{a.Y} and {b.X},{b.Y}");
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task An_open_zone_with_a_footprint_is_outlined_and_the_outline_goes_with_the_panel()
    {
        const string island = "sh-changxing-island"; // a place with a footprint: its island's outline
        var footprint = await ApiAsync($"collections/zones/items/{island}?geometry=footprint");
        Assert.EndsWith("Polygon", footprint.GetProperty("geometry").GetProperty("type").GetString());
        var map = await MapPage.OpenAsync(fixture, $"region=shanghai&zone={island}");
        await Assertions.Expect(map.Page.Locator("path.zone-footprint")).ToHaveCountAsync(1);
        await map.Page.Locator("#panel-close").ClickAsync();
        await Assertions.Expect(map.Page.Locator("path.zone-footprint")).ToHaveCountAsync(0);
        Assert.Empty(map.Errors);

        // A zone known only by its point draws no outline.
        var xiyong = await MapPage.OpenAsync(fixture, $"region=chongqing&zone={Xiyong}");
        await Assertions.Expect(xiyong.Page.Locator("#panel-title")).ToHaveTextAsync(XiyongName);
        await xiyong.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await xiyong.Page.Locator("path.zone-footprint").CountAsync());
        Assert.Empty(xiyong.Errors);
    }

    [Fact]
    public async Task A_zones_panel_quotes_sentences_that_exist_verbatim_in_their_document()
    {
        var map = await MapPage.OpenAsync(fixture, $"region=chongqing&zone={Xiyong}");
        var mentions = await ApiAsync($"collections/mentions/items?limit=10000&filter-lang=cql2-text&filter={Uri.EscapeDataString($"place_id = '{Xiyong}'")}");
        var expected = mentions.GetProperty("numberMatched").GetInt32();
        Assert.True(expected >= 1);
        var quotes = map.Page.Locator("#panel .quotes li");
        await Assertions.Expect(quotes).ToHaveCountAsync(expected);
        var documents = new Dictionary<string, string>();
        for (var i = 0; i < expected; i++)
        {
            var item = quotes.Nth(i);
            var quote = await item.Locator("blockquote").TextContentAsync();
            var documentId = (await item.GetAttributeAsync("data-document"))!;
            if (!documents.TryGetValue(documentId, out var text))
                documents[documentId] = text = (await ApiAsync($"documents/{documentId}")).GetProperty("text").GetString()!;
            Assert.False(string.IsNullOrEmpty(quote));
            Assert.Contains(quote, text);
        }

        // The document view highlights the first sentence, inside the document's own text.
        var first = await quotes.First.Locator("blockquote").TextContentAsync();
        await quotes.First.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(map.Page.Locator("#panel .document-text mark")).ToHaveTextAsync(first!);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task The_geojson_export_has_the_filtered_count()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai&period=2021-2025");
        await map.ChangeAsync(() => map.Page.Locator("input[name=sector][value=integrated-circuits]").CheckAsync());
        var download = await map.Page.RunAndWaitForDownloadAsync(() => map.Page.Locator("#export-links a[data-format=geojson]").ClickAsync());
        using var geojson = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal("FeatureCollection", geojson.RootElement.GetProperty("type").GetString());
        var expected = await fixture.NumberMatchedAsync("zones", "region=shanghai&period=2021-2025&sector=integrated-circuits");
        Assert.True(expected > 0);
        Assert.Equal(expected, geojson.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(expected, await map.ShownCountAsync());
    }

    [Fact]
    public async Task A_shared_url_restores_its_filters_after_a_reload()
    {
        const string shared = "region=shanghai&sector=integrated-circuits,biomedicine&period=2016-2020&layers=zones,districts,mentions";
        var map = await MapPage.OpenAsync(fixture, shared);
        var expected = await fixture.NumberMatchedAsync("zones", "region=shanghai&sector=integrated-circuits,biomedicine&period=2016-2020");
        Assert.Equal(expected, await map.ShownCountAsync());
        await map.Page.ReloadAsync();
        await map.WaitReadyAsync(0);
        Assert.True(await map.Page.Locator("input[name=sector][value=integrated-circuits]").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=sector][value=biomedicine]").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=period][value='2016-2020']").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=region][value=shanghai]").IsCheckedAsync());
        Assert.True(await map.Page.Locator("input[name=layer][value=mentions]").IsCheckedAsync());
        Assert.False(await map.Page.Locator("input[name=layer][value=structures]").IsCheckedAsync());
        Assert.Equal(expected, await map.ShownCountAsync());
        await Assertions.Expect(map.Page.Locator(".mention-dot"))
            .ToHaveCountAsync((int)await fixture.NumberMatchedAsync("mentions", "region=shanghai&sector=integrated-circuits,biomedicine&period=2016-2020"));
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Without_tiles_the_offline_basemap_draws_every_real_district()
    {
        var map = await MapPage.OpenAsync(fixture, "region=chongqing");
        await Assertions.Expect(map.Page.Locator("#map")).ToHaveAttributeAsync("data-basemap", "offline");
        var districts = await fixture.NumberMatchedAsync("districts", "");
        Assert.True(districts > 40, $"{districts} districts");
        await Assertions.Expect(map.Page.Locator(".leaflet-offline-pane path")).ToHaveCountAsync((int)districts);
        Assert.Equal(0, await map.Page.Locator(".leaflet-tile-pane img").CountAsync());
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Every_layer_draws_at_real_size()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai&layers=zones,structures,districts,mentions&shade=1");
        await Assertions.Expect(map.Page.Locator(".mention-dot")).ToHaveCountAsync((int)await fixture.NumberMatchedAsync("mentions", "region=shanghai"));
        var districts = (int)await fixture.NumberMatchedAsync("districts", "region=shanghai");
        await Assertions.Expect(map.Page.Locator("path.district")).ToHaveCountAsync(districts);
        var structures = await ApiAsync("collections/structures/items?region=shanghai&limit=1000");
        var withGeometry = structures.GetProperty("features").EnumerateArray().Count(f => f.GetProperty("geometry").ValueKind == JsonValueKind.Object);
        Assert.True(withGeometry > 0);
        await Assertions.Expect(map.Page.Locator(".structure-label")).ToHaveCountAsync(withGeometry);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Comparing_real_periods_lists_what_the_api_says_appeared_disappeared_and_stayed()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai&compare=2016-2020,2021-2025");
        var before = await ZoneIdsAsync("region=shanghai&period=2016-2020");
        var after = await ZoneIdsAsync("region=shanghai&period=2021-2025");
        var appeared = after.Except(before).Count();
        var disappeared = before.Except(after).Count();
        Assert.True(appeared > 0 && disappeared > 0 && after.Intersect(before).Any(), $"{appeared} appeared, {disappeared} disappeared");
        var headings = map.Page.Locator("#compare-list h3");
        await Assertions.Expect(headings.Nth(0)).ToContainTextAsync($"({appeared})");
        await Assertions.Expect(headings.Nth(1)).ToContainTextAsync($"({disappeared})");
        await Assertions.Expect(map.Page.Locator("#compare-list ul").Nth(0).Locator("li")).ToHaveCountAsync(appeared);
        Assert.Equal(before.Union(after).Count(), await map.ShownCountAsync());
        Assert.Empty(map.Errors);
    }

    [Theory]
    [InlineData("", 1280)]
    [InlineData("region=chongqing&zone=" + Xiyong, 1280)]
    [InlineData("region=shanghai&layers=zones,structures,districts,mentions", 390)]
    [InlineData("region=shanghai&compare=2016-2020,2021-2025&lang=en", 1280)]
    public async Task Axe_finds_no_serious_or_critical_violations(string query, int width)
    {
        var map = await MapPage.OpenAsync(fixture, query, width, 800);
        if (query.Contains("zone=")) await Assertions.Expect(map.Page.Locator("#panel .quotes li").First).ToBeVisibleAsync();
        var result = await map.Page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        Assert.Empty(map.Errors);
    }

    /// <summary>What a planner sees, on the real data; the README shows these.</summary>
    [Fact]
    public async Task Screenshots_of_the_main_views()
    {
        var shots = new List<string>();
        async Task Shoot(MapPage page, string name) { await page.ScreenshotAsync(name); shots.Add(name); }

        await Shoot(await MapPage.OpenAsync(fixture, "region=shanghai"), "shanghai-all-zones");
        var circuits = await MapPage.OpenAsync(fixture, "region=shanghai&sector=integrated-circuits&period=2021-2025&zone=sh-zhangjiang");
        await Assertions.Expect(circuits.Page.Locator("#panel .quotes li").First).ToBeVisibleAsync();
        await Shoot(circuits, "shanghai-integrated-circuits-2021-2025");
        await Shoot(await MapPage.OpenAsync(fixture, "region=chongqing&period=2011-2015&lang=en"), "chongqing-2011-2015");
        var compare = await MapPage.OpenAsync(fixture, "region=shanghai&compare=2016-2020,2021-2025");
        await compare.Page.Locator("#compare").EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await Shoot(compare, "compare-2016-2020-vs-2021-2025");
        var phone = await MapPage.OpenAsync(fixture, $"region=chongqing&zone={Xiyong}", 390, 760);
        await Assertions.Expect(phone.Page.Locator("#panel .quotes li").First).ToBeVisibleAsync();
        await Shoot(phone, "phone-chongqing-xiyong");
        var document = await MapPage.OpenAsync(fixture, $"region=chongqing&zone={Xiyong}");
        await document.Page.Locator("#panel .quotes li").First.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(document.Page.Locator("#panel .document-text mark")).ToBeVisibleAsync();
        await Shoot(document, "document-view-xiyong");
        foreach (var name in shots)
            Assert.True(new FileInfo(Screenshots.PathFor(name)).Length > 10_000, $"{name}.png looks empty");
    }
}
