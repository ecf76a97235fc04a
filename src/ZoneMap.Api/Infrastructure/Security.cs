using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ZoneMap.Api.Infrastructure;

/// <summary>
/// What a public server needs in front of a trusted database: security headers (CSP without inline script),
/// request size limits and per-client rate limiting (429 with Retry-After, configurable).
/// </summary>
public static class Security
{
    /// <summary>Requests per second per client address; 0 switches the limiter off (tests, benchmarks behind a proxy).</summary>
    public const string RateLimitSetting = "ZONEMAP_RATE_LIMIT";
    public const int DefaultRequestsPerSecond = 50;

    public static WebApplicationBuilder AddZoneMapSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Every endpoint is a GET: nothing legitimate sends a body, and query strings stay modest.
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Limits.MaxRequestLineSize = 16 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        var perSecond = builder.Configuration.GetValue(RateLimitSetting, DefaultRequestsPerSecond);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(title: "Too many requests", detail: $"Slow down: at most {perSecond} requests per second per client.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
            if (perSecond > 0)
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perSecond, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication UseZoneMapSecurity(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            // Scripts only from this server (no inline script); tiles may come from a configured https tile server.
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http://127.0.0.1:* http://localhost:*; " +
                "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
            await next();
        });
        app.UseRateLimiter();
        return app;
    }
}
