using System.Text.Json.Nodes;
using Npgsql;
using ZoneMap.Cli;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Geodata;

/// <summary>What `serve` does with data on start: a gazetteer that gained a place re-reads the seeds for it.</summary>
public sealed class BootstrapTests : IAsyncLifetime
{
    private const string AddedPlace = "sh-zhabei-data-port";
    private TestDatabase db = null!;
    private readonly string root = Path.Combine(Path.GetTempPath(), "zonemap-root-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync("bootstrap");

    public async Task DisposeAsync()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        await db.DisposeAsync();
    }

    [Fact]
    public async Task A_place_added_to_the_gazetteer_gets_its_facts_on_the_next_start()
    {
        using var geodata = new GeodataFiles.Copy();
        Directory.CreateDirectory(root);
        Directory.CreateSymbolicLink(Path.Combine(root, "geodata"), geodata.Dir);
        Directory.CreateSymbolicLink(Path.Combine(root, "seeds"), Repository.Seeds);
        var paths = new ProjectPaths(root);

        // First start without the place: the seeds go in, nothing can point at it.
        geodata.Edit("gazetteer/shanghai.json", json =>
        {
            var places = json["places"]!.AsArray();
            places.Remove(places.Single(p => (string?)p!["id"] == AddedPlace));
        });
        await DataBootstrap.EnsureLoadedAsync(paths, db.ConnectionString, CancellationToken.None);
        Assert.Equal(0L, await MentionsOfAsync(AddedPlace));
        var documents = await CountAsync("SELECT count(*) FROM documents");

        // The gazetteer gains the place: the next start loads it and re-reads the seeds, once each.
        File.Copy(Path.Combine(Repository.Geodata, "gazetteer", "shanghai.json"), Path.Combine(geodata.Dir, "gazetteer", "shanghai.json"), overwrite: true);
        await DataBootstrap.EnsureLoadedAsync(paths, db.ConnectionString, CancellationToken.None);
        Assert.True(await MentionsOfAsync(AddedPlace) > 0, $"{AddedPlace} got no mentions after the gazetteer gained it");
        Assert.Equal(documents, await CountAsync("SELECT count(*) FROM documents"));
    }

    private Task<long> MentionsOfAsync(string placeId) =>
        CountAsync($"SELECT count(*) FROM mentions WHERE \"PlaceId\" = '{placeId}'");

    private async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
