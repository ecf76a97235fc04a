using System.Net;
using System.Text;
using ZoneMap.Api.Tests.Support;

namespace ZoneMap.Api.Tests.Bulk;

/// <summary>Every export format over 20 000 bulk features, counted by GDAL (ogrinfo), the independent reader.</summary>
[Collection(BulkServerCollection.Name)]
public sealed class BulkExportTests(BulkServer server)
{
    [Theory]
    [InlineData("geojson", "")]
    [InlineData("csv", "")]
    [InlineData("kml", "")]
    [InlineData("gpkg", "")]
    // A Shapefile holds one geometry type: the polygons (parcels and zones).
    [InlineData("shp", "&kind=parcel,zone")]
    public async Task Large_exports_stream_and_gdal_counts_every_feature(string format, string filter)
    {
        var matched = (await server.JsonAsync($"/collections/features/items?limit=1{filter}")).GetProperty("numberMatched").GetInt32();
        Assert.True(matched > 5000, $"only {matched} features");
        var path = Path.Combine(server.Temp.FullName, $"export.{(format == "shp" ? "shp.zip" : format)}");
        using (var response = await server.Client.GetAsync($"{server.BaseUrl}/export?format={format}&collection=features{filter}", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{format}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await using var file = File.Create(path);
            await response.Content.CopyToAsync(file);
        }
        var source = format switch { "shp" => "/vsizip/" + path, _ => path };
        Assert.Equal(matched, await Gdal.FeatureCountAsync(source));
    }

    [Fact]
    public async Task A_shapefile_of_mixed_points_and_polygons_is_a_clean_400()
    {
        var response = await server.GetAsync("/export?format=shp&collection=features");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mixes geometry types", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }
}
