using ZoneMap.Api.Features.Collections;
using ZoneMap.Api.Features.Health;
using ZoneMap.Api.Features.Map;
using ZoneMap.Api.Infrastructure;

namespace ZoneMap.Api;

/// <summary>The composition root: every feature adds its services and maps its endpoints here, one line each.</summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Per-request logs drown what matters; a serious problem still logs as a warning or error.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        configure?.Invoke(builder);
        builder.AddZoneMapDatabase();
        builder.AddZoneMapProblems();
        builder.AddZoneMapSecurity();

        var app = builder.Build();
        app.UseZoneMapProblems();
        app.UseZoneMapSecurity();
        app.MapHealth();
        app.MapCollections();
        app.MapWebMap();
        return app;
    }
}
