using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Api.Features.Documents;
using ZoneMap.Api.Features.Export;
using ZoneMap.Api.Features.Landing;
using ZoneMap.Api.Features.Sectors;
using ZoneMap.Api.Features.Tiles;
using ZoneMap.Data;

namespace ZoneMap.Api.Features;

/// <summary>The OGC API – Features service, exports, documents and sectors: services, middleware and endpoints.</summary>
public static class FeatureService
{
    public static WebApplicationBuilder AddFeatureService(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CatalogQueries>();
        builder.Services.AddSingleton<FeatureRequests>();
        builder.Services.AddSingleton<FeatureExporter>();
        Tiles.OverviewTileCache.AddOverviewTileCache(builder.Services);
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                [Ogc.GeoJson, Ogc.JsonSchema, "application/vnd.oai.openapi+json", "application/problem+json", "text/csv", "application/vnd.google-earth.kml+xml", TileEndpoints.MediaType]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader().WithExposedHeaders("ETag", "Content-Disposition")));
        return builder;
    }

    public static WebApplication MapFeatureService(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseCors();
        app.MapLanding();
        app.MapCollections();
        app.MapTiles();
        app.MapExport();
        app.MapDocuments();
        app.MapSectors();
        return app;
    }
}
