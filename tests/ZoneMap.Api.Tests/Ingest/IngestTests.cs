using System.Text;
using Microsoft.EntityFrameworkCore;
using ZoneMap.Core.Reading;
using ZoneMap.Data.Geodata;
using ZoneMap.Data.Ingest;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Ingest;

/// <summary>The five seeds into a real PostGIS database loaded with the checkout's geodata.</summary>
public sealed class IngestTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private PlanIngestor ingestor = null!;
    private readonly string scratch = Directory.CreateTempSubdirectory("zonemap-ingest-").FullName;
    private static readonly PlanCatalog Catalog = PlanCatalog.Load(Path.Combine(Repository.Seeds, "catalog.json"));

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync("ingest");
        await GeodataLoader.LoadAsync(db.ConnectionString, Repository.Geodata, CancellationToken.None);
        ingestor = await PlanIngestor.CreateAsync(db.ConnectionString, Catalog);
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        Directory.Delete(scratch, true);
    }

    private static string Seed(string id) => Path.Combine(Repository.Seeds, Catalog.Entries.Single(e => e.Id == id).File);

    [Fact]
    public async Task Every_seed_ingests_and_every_mention_points_at_its_exact_place_in_the_original_text()
    {
        foreach (var entry in Catalog.Entries)
        {
            var report = await ingestor.IngestFileAsync(Seed(entry.Id));
            Assert.True(report.Ok, $"{entry.Id}: {report.Error}");
            Assert.Equal(entry.Id, report.DocumentId);
            Assert.True(report.Mentions > 0, $"{entry.Id} yielded no mentions");
            output.WriteLine($"{entry.Id}: {report.Mentions} mentions, {report.Facts} facts, {report.Places} places, {report.UnknownNames.Count} unknown names, {report.Seconds:0.000} s");
        }
        await using var ctx = db.Context();
        Assert.Equal(5, await ctx.Documents.CountAsync());
        var documents = await ctx.Documents.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Text);
        foreach (var m in await ctx.Mentions.AsNoTracking().ToListAsync())
        {
            var text = documents[m.DocumentId];
            Assert.Equal(m.NameAsWritten, text[m.NameStart..m.NameEnd]);
            Assert.Equal(m.Quote, text[m.QuoteStart..m.QuoteEnd]);
            Assert.Equal(text[..m.NameStart].Count(c => c == '\n') + 1, m.Line);
        }
        // Traditional seed: the quote keeps the original characters.
        Assert.Contains(await ctx.Mentions.Where(m => m.DocumentId == "003").Select(m => m.Quote).ToListAsync(), q => q.Contains("張江"));
        Assert.True(await ctx.ZoneFacts.CountAsync(f => f.SectorId != null) > 100);
        // Places named with their structure are tied to it (when geodata has structures).
        if (await ctx.Structures.AnyAsync())
            Assert.Contains(await ctx.Mentions.Where(m => m.DocumentId == "004" && m.StructureId != null).Select(m => m.StructureId).ToListAsync(), id => id == "cq-two-cores");
    }

    [Fact]
    public async Task Re_ingesting_a_document_replaces_its_facts_instead_of_adding_to_them()
    {
        var first = await ingestor.IngestFileAsync(Seed("004"));
        var again = await ingestor.IngestFileAsync(Seed("004"));
        Assert.True(again.Ok);
        await using var ctx = db.Context();
        Assert.Equal(first.Mentions, await ctx.Mentions.CountAsync(m => m.DocumentId == "004"));
        Assert.Equal(first.Facts, await ctx.ZoneFacts.CountAsync(f => f.Mention!.DocumentId == "004"));
    }

    [Fact]
    public async Task A_gbk_encoded_copy_of_a_seed_ingests_to_identical_facts()
    {
        var original = await ingestor.IngestFileAsync(Seed("002"));
        var utf8Facts = await FactsOf("002");

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = await File.ReadAllTextAsync(Seed("002"), Encoding.UTF8);
        var copy = Path.Combine(scratch, Path.GetFileName(Seed("002")));
        await File.WriteAllBytesAsync(copy, Encoding.GetEncoding("GB18030").GetBytes(text));
        var gbk = await ingestor.IngestFileAsync(copy);

        Assert.True(gbk.Ok, gbk.Error);
        Assert.Equal("002", gbk.DocumentId);
        Assert.Equal(original.Facts, gbk.Facts);
        Assert.Equal(utf8Facts, await FactsOf("002"));
        await using var ctx = db.Context();
        Assert.Equal("gb18030", await ctx.Documents.Where(d => d.Id == "002").Select(d => d.Encoding).SingleAsync());
    }

    [Fact]
    public async Task A_broken_file_is_refused_with_a_reason_and_changes_nothing()
    {
        Assert.True((await ingestor.IngestFileAsync(Seed("004"))).Ok);
        var before = await Snapshot();
        var seedName = Path.GetFileName(Seed("004"));
        var cases = new Dictionary<string, byte[]>
        {
            // Same name as a catalogued seed: a refusal must not wipe that document's facts.
            [seedName] = [0xE5, 0x8F, 0xFF, 0xFE, 0x81, 0x30, 0xC0, 0x00, 0xE5],
            ["empty.txt"] = [],
            ["blank.txt"] = Encoding.UTF8.GetBytes("  \n\t\n"),
            ["not-a-plan.txt"] = Encoding.UTF8.GetBytes("Shopping list: apples, bread, milk.\nCall the plumber on Tuesday.\n"),
            ["no-period.txt"] = Encoding.UTF8.GetBytes("关于两江新区产业发展的说明。两江新区重点发展笔记本电脑和集成电路产业，西永微电园发展软件和服务外包产业，建设产业基地和园区，推动工业制造。"),
        };
        foreach (var (name, bytes) in cases)
        {
            var path = Path.Combine(scratch, name);
            await File.WriteAllBytesAsync(path, bytes);
            var report = await ingestor.IngestFileAsync(path);
            Assert.False(report.Ok, $"{name} was accepted");
            Assert.False(string.IsNullOrWhiteSpace(report.Error));
        }
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_document_outside_the_catalog_gets_its_id_from_the_file_name_and_its_period_from_its_years()
    {
        var path = Path.Combine(scratch, "Liangjiang Note 2030.txt");
        await File.WriteAllTextAsync(path, "两江新区产业发展要点\n到2030年，两江新区重点发展新能源汽车和集成电路，建设国家级产业基地。\n", Encoding.UTF8);
        var report = await ingestor.IngestFileAsync(path);
        Assert.True(report.Ok, report.Error);
        Assert.Equal("liangjiang-note-2030", report.DocumentId);
        await using var ctx = db.Context();
        var doc = await ctx.Documents.SingleAsync(d => d.Id == "liangjiang-note-2030");
        Assert.Equal(("chongqing", 2030), (doc.Region, doc.PeriodEnd));
        var sectors = await ctx.ZoneFacts.Where(f => f.Mention!.DocumentId == doc.Id && f.PlaceId == "cq-liangjiang" && f.SectorId != null).Select(f => f.SectorId).ToListAsync();
        Assert.Equal(["integrated-circuits", "new-energy-vehicles"], sectors.Order());
    }

    private async Task<List<string>> FactsOf(string documentId)
    {
        await using var ctx = db.Context();
        return (await ctx.ZoneFacts.Where(f => f.Mention!.DocumentId == documentId)
                .Select(f => new { f.PlaceId, f.SectorId, f.Role, f.PeriodStart, f.PeriodEnd, f.Mention!.Line, f.Mention.NameStart, f.Mention.QuoteEnd })
                .ToListAsync())
            .Select(f => $"{f.PlaceId}|{f.SectorId}|{f.Role}|{f.PeriodStart}-{f.PeriodEnd}|{f.Line}|{f.NameStart}|{f.QuoteEnd}").Order().ToList();
    }

    private async Task<string> Snapshot()
    {
        await using var ctx = db.Context();
        var docs = await ctx.Documents.OrderBy(d => d.Id).Select(d => d.Id + ":" + d.Sha256).ToListAsync();
        var mentions = await ctx.Mentions.OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
        var facts = await ctx.ZoneFacts.CountAsync();
        return $"{string.Join(",", docs)}|{string.Join(",", mentions)}|{facts}";
    }
}

/// <summary>The unknown-names report, on a gazetteer that lacks a park the plan names.</summary>
public sealed class UnknownNamesTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync("unknown");
        await GeodataLoader.LoadAsync(db.ConnectionString, Repository.Geodata, CancellationToken.None);
        // The real gazetteer without Xiyong (and the structures' references to it).
        await using var ctx = db.Context();
        await ctx.StructureMembers.Where(m => m.PlaceId == "cq-xiyong-mep").ExecuteDeleteAsync();
        await ctx.Places.Where(p => p.Id == "cq-xiyong-mep").ExecuteDeleteAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_park_missing_from_the_gazetteer_is_reported_as_an_unknown_name()
    {
        var catalog = PlanCatalog.Load(Path.Combine(Repository.Seeds, "catalog.json"));
        var ingestor = await PlanIngestor.CreateAsync(db.ConnectionString, catalog);
        var report = await ingestor.IngestFileAsync(Path.Combine(Repository.Seeds, catalog.Entries.Single(e => e.Id == "004").File));
        Assert.True(report.Ok, report.Error);
        Assert.Contains(report.UnknownNames, u => u.Name == "西永微电园区");
        await using var ctx = db.Context();
        Assert.DoesNotContain(await ctx.Mentions.Select(m => m.NameAsWritten).ToListAsync(), n => n.StartsWith("西永微电园"));
    }
}
