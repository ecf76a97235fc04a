using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ZoneMap.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ZoneMapDbContext>
{
    public ZoneMapDbContext CreateDbContext(string[] args) =>
        new(ZoneMapDb.Options("Host=127.0.0.1;Database=zonemap_design"));
}
