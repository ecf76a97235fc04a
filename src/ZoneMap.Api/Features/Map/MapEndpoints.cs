using Microsoft.Extensions.FileProviders;

namespace ZoneMap.Api.Features.Map;

/// <summary>Serves web/ (the Leaflet map) and the npm packages it uses, from this server only (no CDN).</summary>
public static class MapEndpoints
{
    public static WebApplication MapWebMap(this WebApplication app)
    {
        var webRoot = WebRoot.Locate(app.Configuration["ZONEMAP_WEB"], app.Environment.ContentRootPath);
        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = false });
        return app;
    }
}

public static class WebRoot
{
    /// <summary>The configured folder, else the first web/ with an index.html above the content root or the binaries.</summary>
    public static string Locate(string? configured, string contentRoot)
    {
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "web");
                if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
            }
        throw new InvalidOperationException("web/index.html not found: set ZONEMAP_WEB to ZoneMap's web folder.");
    }
}
