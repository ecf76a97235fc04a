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
    /// <summary>Requests served at once; below Npgsql's default pool of 100 connections.</summary>
    public const string ConcurrencySetting = "ZONEMAP_MAX_CONCURRENT_REQUESTS";
    public const int DefaultConcurrentRequests = 64;

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
        var concurrent = builder.Configuration.GetValue(ConcurrencySetting, DefaultConcurrentRequests);
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
            // Requests beyond what the connection pool can serve at once wait their turn here instead of failing
            // on an exhausted pool (its wait is the 2 s connect timeout that keeps outages fast).
            var inFlight = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                RateLimitPartition.GetConcurrencyLimiter("database", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = concurrent, QueueLimit = 10_000, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
            options.GlobalLimiter = perSecond <= 0 ? inFlight : PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perSecond, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 })),
                inFlight);
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
