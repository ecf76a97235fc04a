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
        builder.Services.AddSingleton<NpgsqlDataSource>(_ => ZoneMapDb.DataSource(read));
        builder.Services.AddSingleton<FeatureQueries>();
        return builder;
    }
}
