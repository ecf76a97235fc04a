using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Web;
using Microsoft.Playwright;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using ZoneMap.Browser.Tests.Support;

namespace ZoneMap.Browser.Tests;

/// <summary>
/// The features layer over 30 000 generated features loaded with `zonemap load`: vector tiles above the threshold
/// (the default 5 000), GeoJSON below it, the same filters in both, a clicked feature in the panel.
/// </summary>
[Collection(BulkMapCollection.Name)]
public sealed class FeaturesLayerTests(BulkMapFixture fixture)
{
    private const string TilePath = "/collections/features/tiles/";
    private const string ItemsPath = "/collections/features/items";

    /// <summary>Every request and every tile response of a page, from its first one.</summary>
    private sealed class Traffic
    {
        public ConcurrentQueue<IRequest> Requests { get; } = new();
        public ConcurrentQueue<IResponse> Tiles { get; } = new();

        public void Watch(IPage page)
        {
            page.Request += (_, r) => Requests.Enqueue(r);
            page.Response += (_, r) => { if (r.Url.Contains(TilePath)) Tiles.Enqueue(r); };
        }
    }

    /// <summary>Waits until the features layer has finished loading its tiles more often than `after` times; returns how often.</summary>
    private static async Task<int> WaitTilesAsync(MapPage map, int after)
    {
        try
        {
            await map.Page.WaitForFunctionAsync("after => Number(document.getElementById('map').dataset.bulkTilesLoaded ?? 0) > after", after);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The features layer's tiles did not load; status: '{await map.Status.TextContentAsync()}'; errors: {string.Join(" / ", map.Errors)}");
        }
        return int.Parse(await map.Page.Locator("#map").GetAttributeAsync("data-bulk-tiles-loaded") ?? "0");
    }

    /// <summary>How many pixels the features layer has painted on its canvases.</summary>
    private static Task<int> PaintedPixelsAsync(MapPage map) => map.Page.EvaluateAsync<int>("""
        () => {
          let painted = 0;
          for (const canvas of document.querySelectorAll('.leaflet-bulk-pane canvas')) {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          }
          return painted;
        }
        """);

    private static async Task<long> FeaturesCountAsync(MapPage map) => long.Parse(await map.Status.GetAttributeAsync("data-features-count") ?? "-1");
    private static Task<string?> ModeAsync(MapPage map) => map.Status.GetAttributeAsync("data-features-mode");

    private static string? Query(string url, string name) => HttpUtility.ParseQueryString(new Uri(url).Query)[name];

    /// <summary>
    /// The features of a tile the page loaded, decoded with NetTopologySuite's MVT reader (fetched again from the same
    /// URL: the browser's copy of a fetch() body is not kept for Playwright).
    /// </summary>
    private async Task<List<NetTopologySuite.Features.IFeature>> DecodeAsync(IResponse response)
    {
        var path = new Uri(response.Url).AbsolutePath;
        var zxy = path[(path.IndexOf(TilePath, StringComparison.Ordinal) + TilePath.Length)..].Split('/').Select(int.Parse).ToArray();
        using var stream = new MemoryStream(await fixture.Api.GetByteArrayAsync(response.Url));
        var tile = new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(zxy[1], zxy[2], zxy[0]));
        var layer = tile.Layers.SingleOrDefault(l => l.Name == "features");
        Assert.True(layer is not null, $"{response.Url}: {stream.Length} bytes, layers: {string.Join(",", tile.Layers.Select(l => l.Name))}");
        return layer.Features.ToList();
    }

    [Fact]
    public async Task A_large_layer_comes_as_vector_tiles_drawn_on_canvas_and_is_never_fetched_as_geojson()
    {
        var traffic = new Traffic();
        var map = await MapPage.OpenAsync(fixture, beforeOpen: traffic.Watch);
        await WaitTilesAsync(map, 0);

        Assert.Equal("tiles", await ModeAsync(map));
        Assert.Equal(await fixture.NumberMatchedAsync("features", ""), await FeaturesCountAsync(map));
        Assert.Equal(BulkMapFixture.Features, await FeaturesCountAsync(map));
        await Assertions.Expect(map.Status).ToContainTextAsync("30,000");
        await Assertions.Expect(map.Page.Locator(".legend")).ToContainTextAsync("全部导入的园区与企业");

        var drawn = traffic.Tiles.Where(r => r.Status == 200).ToList();
        Assert.NotEmpty(drawn);
        foreach (var tile in drawn) Assert.Equal("application/vnd.mapbox-vector-tile", await tile.HeaderValueAsync("content-type"));
        Assert.True((await DecodeAsync(drawn[0])).Count > 0);
        Assert.True(await map.Page.Locator(".leaflet-bulk-pane canvas").CountAsync() > 0);
        Assert.True(await PaintedPixelsAsync(map) > 1000, "the tiles' features are painted");

        // The layer's size is asked with one-feature pages; its features never come as GeoJSON.
        var items = traffic.Requests.Where(r => r.Url.Contains(ItemsPath)).ToList();
        Assert.NotEmpty(items);
        Assert.All(items, r => Assert.Equal("1", Query(r.Url, "limit")));
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task A_sector_filter_goes_into_the_tile_urls_and_changes_what_is_drawn()
    {
        const string sector = "integrated-circuits";
        var traffic = new Traffic();
        // The sector matches about 1 300 features: a threshold below that keeps the layer in tiles.
        var map = await MapPage.OpenAsync(fixture, "vector-threshold=1000", beforeOpen: traffic.Watch);
        var loaded = await WaitTilesAsync(map, 0);
        var before = await PaintedPixelsAsync(map);
        var earlier = traffic.Tiles.Count;

        await map.ChangeAsync(() => map.Page.Locator($"input[name=sector][value={sector}]").CheckAsync());
        await WaitTilesAsync(map, loaded);

        Assert.Equal("tiles", await ModeAsync(map));
        Assert.Equal(await fixture.NumberMatchedAsync("features", $"sector={sector}"), await FeaturesCountAsync(map));
        var tiles = traffic.Tiles.Skip(earlier).ToList();
        Assert.NotEmpty(tiles);
        Assert.All(tiles, r => Assert.Equal(sector, Query(r.Url, "sector")));
        var features = new List<NetTopologySuite.Features.IFeature>();
        foreach (var tile in tiles.Where(r => r.Status == 200)) features.AddRange(await DecodeAsync(tile));
        Assert.NotEmpty(features);
        Assert.All(features, f => Assert.Contains(sector, f.Attributes["sectors"].ToString()!.Split(',')));
        var after = await PaintedPixelsAsync(map);
        Assert.InRange(after, 1, before - 1);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Clicking_a_drawn_feature_opens_the_panel_with_its_name()
    {
        var map = await MapPage.OpenAsync(fixture);
        var loaded = await WaitTilesAsync(map, 0);
        // A parcel (a small square): zoom to its middle and click there, as a person would.
        var parcel = (await fixture.Api.JsonAsync("collections/features/items?kind=parcel&limit=1")).GetProperty("features")[0];
        var ring = parcel.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().SkipLast(1).Select(p => (Lng: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
        double lng = ring.Average(p => p.Lng), lat = ring.Average(p => p.Lat);
        await map.Page.EvaluateAsync("async ([lat, lng]) => { const { map } = await import('./js/main.js'); map.setView([lat, lng], 17, { animate: false }); }", new[] { lat, lng });
        await WaitTilesAsync(map, loaded);
        var point = await map.Page.EvaluateAsync<double[]>(
            "async ([lat, lng]) => { const { map } = await import('./js/main.js'); const p = map.latLngToContainerPoint([lat, lng]); const r = map.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
            new[] { lat, lng });

        await map.Page.Mouse.ClickAsync((float)point[0], (float)point[1]);

        var panel = map.Page.Locator("#panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        var id = await panel.GetAttributeAsync("data-feature");
        Assert.False(string.IsNullOrEmpty(id));
        // Whatever lies at that point (the parcel, or a zone or enterprise drawn over it), within a few pixels.
        const double near = 0.0001;
        var bbox = string.Join(',', new[] { lng - near, lat - near, lng + near, lat + near }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var around = (await fixture.Api.JsonAsync($"collections/features/items?bbox={bbox}&limit=100")).GetProperty("features")
            .EnumerateArray().Select(f => f.GetProperty("id").ToString()).ToList();
        Assert.Contains(id, around);
        var clicked = await fixture.Api.JsonAsync($"collections/features/items/{id}");
        await Assertions.Expect(map.Page.Locator("#panel-title")).ToHaveTextAsync(clicked.GetProperty("properties").GetProperty("name").GetString()!);
        // The tile has a subset of the properties; the panel then shows the rest from the API.
        await Assertions.Expect(panel).ToContainTextAsync(clicked.GetProperty("properties").GetProperty("source_id").GetString()!);
        Assert.Empty(map.Errors);
        await map.ScreenshotAsync("features-vector-tiles");

        // The address names the feature, so the link opens it again (with every property, straight from the API).
        Assert.Contains($"feature={id}", map.Query);
        var shared = await MapPage.OpenAsync(fixture, $"feature={id}");
        await Assertions.Expect(shared.Page.Locator("#panel")).ToBeVisibleAsync();
        await Assertions.Expect(shared.Page.Locator("#panel-title")).ToHaveTextAsync(clicked.GetProperty("properties").GetProperty("name").GetString()!);
        await Assertions.Expect(shared.Page.Locator("#panel")).ToContainTextAsync(clicked.GetProperty("properties").GetProperty("source_id").GetString()!);
        await shared.Page.Locator("#panel-close").ClickAsync();
        Assert.DoesNotContain("feature=", shared.Query);
        Assert.Empty(shared.Errors);
    }

    [Fact]
    public async Task The_kind_filter_offers_the_kinds_of_the_loaded_data()
    {
        var map = await MapPage.OpenAsync(fixture);
        var loaded = (await fixture.Api.JsonAsync("collections/features/queryables")).GetProperty("properties").GetProperty("kind").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("parcel", loaded);
        foreach (var kind in loaded)
            await Assertions.Expect(map.Page.Locator($"#kind-filter option[value='{kind}']")).ToHaveCountAsync(1);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task At_most_the_threshold_the_layer_is_drawn_as_geojson_and_above_it_as_tiles()
    {
        const string filter = "sector=biomedicine";
        var matched = await fixture.NumberMatchedAsync("features", filter);
        Assert.InRange(matched, 100, 5000);

        var traffic = new Traffic();
        var map = await MapPage.OpenAsync(fixture, $"{filter}&vector-threshold={matched}", beforeOpen: traffic.Watch);
        Assert.Equal("geojson", await ModeAsync(map));
        Assert.Equal(matched, await FeaturesCountAsync(map));
        await Assertions.Expect(map.Page.Locator("path.bulk-feature")).ToHaveCountAsync((int)matched);
        Assert.Empty(traffic.Tiles);
        Assert.Empty(map.Errors);

        // One feature fewer allowed: the same filter comes as tiles.
        var tiled = await MapPage.OpenAsync(fixture, $"{filter}&vector-threshold={matched - 1}");
        await WaitTilesAsync(tiled, 0);
        Assert.Equal("tiles", await ModeAsync(tiled));
        Assert.Equal(0, await tiled.Page.Locator("path.bulk-feature").CountAsync());
        Assert.Empty(tiled.Errors);
    }

    [Fact]
    public async Task The_region_filter_reaches_features_named_by_their_province()
    {
        var map = await MapPage.OpenAsync(fixture, "region=shanghai");
        var expected = await fixture.NumberMatchedAsync("features", "region=" + Uri.EscapeDataString("上海"));
        Assert.True(expected > 0);
        Assert.Equal(expected, await FeaturesCountAsync(map));
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task Switching_the_layer_off_removes_its_tiles_and_its_count()
    {
        var map = await MapPage.OpenAsync(fixture);
        await WaitTilesAsync(map, 0);
        Assert.True(await map.Page.Locator(".leaflet-bulk-pane canvas").CountAsync() > 0);

        await map.Page.Locator("input[name=layer][value=features]").UncheckAsync();
        await Assertions.Expect(map.Page.Locator(".leaflet-bulk-pane canvas")).ToHaveCountAsync(0);
        Assert.Equal("off", await ModeAsync(map));
        await Assertions.Expect(map.Status).Not.ToContainTextAsync("30,000");
        Assert.Contains("layers=zones,structures,districts", map.Query);
        Assert.DoesNotContain("features", map.Query);
        Assert.Empty(map.Errors);
    }

    [Fact]
    public async Task With_more_features_in_view_than_the_view_limit_the_map_asks_to_zoom_in_and_fetches_no_tiles()
    {
        var traffic = new Traffic();
        var map = await MapPage.OpenAsync(fixture, "view-limit=1000", beforeOpen: traffic.Watch);
        Assert.Equal("zoom-in", await ModeAsync(map));
        await Assertions.Expect(map.Status).ToContainTextAsync("放大后显示");
        Assert.Empty(traffic.Tiles);
        Assert.Empty(map.Errors);
    }
}

internal static class ApiJson
{
    public static async Task<JsonElement> JsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
