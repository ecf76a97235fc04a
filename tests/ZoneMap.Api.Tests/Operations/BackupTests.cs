using Npgsql;
using ZoneMap.Cli.Postgres;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Operations;

public sealed class BackupTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private readonly string file = Path.Combine(Path.GetTempPath(), $"zonemap-backup-{Guid.NewGuid():N}.dump");
    private static readonly DatabaseBackup Backup = new(Environment.GetEnvironmentVariable("ZONEMAP_PG_BIN") ?? "/usr/lib/postgresql/15/bin");

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync("backup");
        await SampleData.LoadAsync(db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        File.Delete(file);
        await db.DisposeAsync();
    }

    [Fact]
    public async Task Backup_then_restore_brings_back_exactly_what_was_there()
    {
        var before = await ContentHashAsync();
        await Backup.BackupAsync(db.ConnectionString, file);
        Assert.True(new FileInfo(file).Length > 0);

        await ExecuteAsync("DELETE FROM mentions; UPDATE places SET \"NameEn\" = 'vandalised';");
        Assert.NotEqual(before, await ContentHashAsync());

        await Backup.RestoreAsync(db.ConnectionString, file);
        Assert.Equal(before, await ContentHashAsync());
    }

    [Fact]
    public async Task Restoring_a_file_that_is_not_a_backup_fails_and_changes_nothing()
    {
        var before = await ContentHashAsync();
        await File.WriteAllTextAsync(file, "not a dump");
        await Assert.ThrowsAsync<ClusterException>(() => Backup.RestoreAsync(db.ConnectionString, file));
        Assert.Equal(before, await ContentHashAsync());
    }

    private Task<string> ContentHashAsync() => DatabaseContent.HashAsync(db.ConnectionString);

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
