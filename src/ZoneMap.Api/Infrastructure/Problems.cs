using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using ZoneMap.Api.Features.Collections;

namespace ZoneMap.Api.Infrastructure;

/// <summary>Every error leaves as application/problem+json; database outages become 503, never a stack trace.</summary>
public static class Problems
{
    public static WebApplicationBuilder AddZoneMapProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication UseZoneMapProblems(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, title) = error switch
            {
                NpgsqlException or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "The database is not reachable right now; try again shortly."),
                BadHttpRequestException bad => (bad.StatusCode, bad.Message),
                // A bad query found late (e.g. while an export builds its SQL) is still the client's to fix.
                QueryException or ZoneMap.Core.Cql2.CqlException => (StatusCodes.Status400BadRequest, error.Message),
                _ => (StatusCodes.Status500InternalServerError, "Unexpected server error."),
            };
            context.Response.StatusCode = status;
            await TypedResults.Problem(title: title, statusCode: status).ExecuteAsync(context);
        }));
        app.UseStatusCodePages();
        return app;
    }
}
