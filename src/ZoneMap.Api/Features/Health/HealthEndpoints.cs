using Npgsql;
using ZoneMap.Data;

namespace ZoneMap.Api.Features.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async Task<IResult> (NpgsqlDataSource db, CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await ZoneMapDb.PingAsync(db, timeout.Token);
                return TypedResults.Ok(new { status = "ok", database = "reachable" });
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return TypedResults.Problem(title: "Database unreachable", detail: "ZoneMap cannot reach PostgreSQL.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithName("Health");
        return app;
    }
}
