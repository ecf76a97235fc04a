using System.IO.Compression;
using System.Text;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.FeatureService;

/// <summary>GDAL as the independent client: the OAPIF driver against the live server, ogrinfo on every export.</summary>
[Collection(FeatureServerCollection.Name)]
public sealed class GdalTests(FeatureServer server)
{
    [Fact]
    public async Task Ogrinfo_lists_the_four_collections()
    {
        var (exit, output) = await Gdal.RunAsync("ogrinfo", "-ro", "-so", $"OAPIF:{server.BaseUrl}/");
        Assert.True(exit == 0, output);
        foreach (var layer in new[] { "zones", "structures", "districts", "mentions" })
            Assert.Contains($": {layer} ", output);
    }

    [Fact]
    public async Task Ogrinfo_reads_every_zone_with_chinese_intact()
    {
        var (exit, output) = await Gdal.RunAsync("ogrinfo", "-ro", $"OAPIF:{server.BaseUrl}/", "zones");
        Assert.True(exit == 0, output);
        Assert.Equal(4, output.Split('\n').Count(l => l.StartsWith("OGRFeature(zones)", StringComparison.Ordinal)));
        foreach (var name in new[] { "张江科学城", "臨港新片區", "西永微电园", "兩江新區" }) Assert.Contains(name, output);
        Assert.Contains("POINT (106.33 29.6)", output);
        Assert.Equal(4, await Gdal.FeatureCountAsync($"OAPIF:{server.BaseUrl}/", "zones"));
    }

    [Fact]
    public async Task Ogr2ogr_copies_the_service_to_a_geopackage()
    {
        var dir = Directory.CreateTempSubdirectory("zonemap-gdal-");
        try
        {
            var gpkg = Path.Combine(dir.FullName, "out.gpkg");
            var (exit, output) = await Gdal.RunAsync("ogr2ogr", "-f", "GPKG", gpkg, $"OAPIF:{server.BaseUrl}/");
            Assert.True(exit == 0, output);
            Assert.Equal(4, await Gdal.FeatureCountAsync(gpkg, "zones"));
            Assert.Equal(3, await Gdal.FeatureCountAsync(gpkg, "districts"));
            Assert.Equal(5, await Gdal.FeatureCountAsync(gpkg, "mentions"));
            Assert.Equal(1, await Gdal.FeatureCountAsync(gpkg, "structures"));
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData("zones", "", 4)]
    [InlineData("zones", "sector=new-generation-it", 2)]
    [InlineData("zones", "region=shanghai&period=2021-2025", 2)]
    [InlineData("districts", "region=chongqing", 2)]
    [InlineData("mentions", "sector=integrated-circuits", 2)]
    [InlineData("structures", "", 1)]
    public async Task Every_export_format_opens_in_gdal_with_the_items_count(string collection, string filter, int expected)
    {
        var matched = (await server.JsonAsync($"/collections/{collection}/items?{filter}")).GetProperty("numberMatched").GetInt32();
        Assert.Equal(expected, matched);
        var dir = Directory.CreateTempSubdirectory("zonemap-export-");
        try
        {
            foreach (var format in new[] { "geojson", "csv", "kml", "gpkg", "shp" })
            {
                var response = await server.GetAsync($"/export?format={format}&collection={collection}&{filter}");
                var bytes = await response.Content.ReadAsByteArrayAsync();
                Assert.True(response.IsSuccessStatusCode, $"{format}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
                var fileName = response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "";
                Assert.StartsWith($"zonemap_{collection}", fileName);
                if (filter.Contains("sector=")) Assert.Contains("sector-", fileName);
                var path = Path.Combine(dir.FullName, fileName);
                await File.WriteAllBytesAsync(path, bytes);
                var source = path;
                if (format == "shp")
                {
                    using var zip = ZipFile.OpenRead(path);
                    var entries = zip.Entries.Select(e => Path.GetExtension(e.Name)).Order().ToList();
                    Assert.Equal([".cpg", ".dbf", ".prj", ".shp", ".shx"], entries);
                    source = "/vsizip/" + path;
                }
                if (format == "csv")
                {
                    Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
                    Assert.Contains("WKT", Encoding.UTF8.GetString(bytes).Split('\n')[0]);
                }
                Assert.Equal(expected, await Gdal.FeatureCountAsync(source));
                if (collection == "zones" && filter == "")
                {
                    var (_, dump) = await Gdal.RunAsync("ogrinfo", "-ro", "-al", source);
                    Assert.Contains("西永微电园", dump);
                    Assert.Contains("106.33", dump);
                }
            }
        }
        finally { dir.Delete(true); }
    }
}

[Collection(FeatureServerCollection.Name)]
public sealed class GdalFilterTests(FeatureServer server)
{
    [Theory]
    [InlineData("-where", "kind = 'park'", 2)]
    [InlineData("-where", "kind = 'park' AND region = 'chongqing'", 1)]
    [InlineData("-where", "mention_count >= 2", 1)]
    [InlineData("-where", "name_zh LIKE '张江%'", 1)]
    [InlineData("-spat", "106 29 107 30", 2)]
    public async Task Gdal_attribute_and_spatial_filters_give_the_right_features(string option, string value, int expected)
    {
        var args = new List<string> { "--debug", "on", "-ro", "-q", $"OAPIF:{server.BaseUrl}/", "zones", option };
        args.AddRange(option == "-spat" ? value.Split(' ') : [value]);
        var (exit, output) = await Gdal.RunAsync("ogrinfo", [.. args]);
        Assert.True(exit == 0, output);
        Assert.Equal(expected, output.Split('\n').Count(l => l.StartsWith("OGRFeature(zones)", StringComparison.Ordinal)));
        // GDAL 3.6 hands bbox to the server; -where goes as name=value for the items parameters named like fields
        // (kind, region) and is otherwise evaluated by GDAL (it only speaks the pre-standard "cql-text").
        if (option == "-spat") Assert.Contains("bbox=", output);
    }
}
