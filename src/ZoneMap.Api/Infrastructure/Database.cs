using Npgsql;
using ZoneMap.Data;

namespace ZoneMap.Api.Infrastructure;

/// <summary>Where the server reads from. ZONEMAP_DB_READ (replicas) when given, else ZONEMAP_DB.</summary>
public sealed record DatabaseSettings(string ReadConnectionString);

public static class DatabaseRegistration
{
    public static WebApplicationBuilder AddZoneMapDatabase(this WebApplicationBuilder builder)
    {
        var read = builder.Configuration["ZONEMAP_DB_READ"] ?? builder.Configuration["ZONEMAP_DB"]
            ?? throw new InvalidOperationException("ZONEMAP_DB is not set: give the server a PostgreSQL connection string.");
        builder.Services.AddSingleton(new DatabaseSettings(read));
        builder.Services.AddSingleton<NpgsqlDataSource>(_ => ZoneMapDb.DataSource(ForServing(read, builder.Configuration)));
        builder.Services.AddSingleton<FeatureQueries>();
        return builder;
    }

    /// <summary>
    /// Serving connections fail fast when the database is away (so requests answer 503 within about 2 s, never hang)
    /// and no query may run longer than ZONEMAP_STATEMENT_TIMEOUT_MS (default 15 s).
    /// </summary>
    private static string ForServing(string connectionString, IConfiguration config)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) b.Timeout = 2;
        var statementMs = config.GetValue("ZONEMAP_STATEMENT_TIMEOUT_MS", 15000);
        b.Options = $"{b.Options} -c statement_timeout={statementMs}".Trim();
        b.CommandTimeout = Math.Max(1, statementMs / 1000 + 5);
        return b.ConnectionString;
    }
}
