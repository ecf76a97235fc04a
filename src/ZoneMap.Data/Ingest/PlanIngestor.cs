using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ZoneMap.Core.Extraction;
using ZoneMap.Core.Gazetteer;
using ZoneMap.Core.Reading;
using ZoneMap.Core.Sectors;
using ZoneMap.Core.Text;
using ZoneMap.Data.Model;

namespace ZoneMap.Data.Ingest;

/// <summary>What became of one file: its document id and counts, or why it was refused.</summary>
public sealed record DocumentIngestReport(
    string File, string? DocumentId, bool Ok, string? Error, int Mentions, int Facts, int Places, int Sectors,
    IReadOnlyList<UnknownName> UnknownNames, double Seconds);

/// <summary>
/// Plan files into the database. The gazetteer, districts and sector taxonomy are read from the database (loaded there
/// from geodata/), so what is matched is exactly what can be referenced. Each document goes in one transaction that
/// first removes its previous version (mentions and, by cascade, facts); a file that cannot be read as a plan is
/// refused before anything is written.
/// </summary>
public sealed class PlanIngestor
{
    private readonly string connectionString;
    private readonly PlanProcessor processor;

    private PlanIngestor(string connectionString, PlanProcessor processor)
    {
        this.connectionString = connectionString;
        this.processor = processor;
    }

    public static async Task<PlanIngestor> CreateAsync(string connectionString, PlanCatalog catalog, CancellationToken ct = default)
    {
        await using var db = new ZoneMapDbContext(ZoneMapDb.Options(connectionString));
        var places = await db.Places.AsNoTracking()
            .Select(p => new { p.Id, p.NameZh, p.NameZht, p.NameEn, p.Aliases, p.Kind, p.Region, p.DistrictId }).ToListAsync(ct);
        var districts = await db.Districts.AsNoTracking().Select(d => new { d.Id, d.NameZh, d.Aliases, d.Region }).ToListAsync(ct);
        var sectors = await db.Sectors.AsNoTracking().Select(s => new { s.Id, s.FamilyId, s.Zh, s.En, s.Synonyms }).ToListAsync(ct);
        var structures = await db.Structures.AsNoTracking().Select(s => new { s.Id, s.NameZh, s.Aliases, s.Role, s.Region }).ToListAsync(ct);
        var members = await db.StructureMembers.AsNoTracking().Select(m => new { m.StructureId, m.PlaceId, m.DistrictId }).ToListAsync(ct);
        if (places.Count == 0) throw new InvalidOperationException("the database holds no gazetteer places: load geodata/ before ingesting plans.");

        var convert = OpenCcConverter.TraditionalToSimplified.ConvertSameLength;
        var gazetteer = new Gazetteer(
            places.Select(p => new GazetteerPlace(p.Id, p.NameZh, p.NameZht, p.NameEn, p.Aliases, p.Kind, p.Region, p.DistrictId)),
            districts.Select(d => new GazetteerDistrict(d.Id, d.NameZh, d.Aliases, d.Region)), convert);
        var taxonomy = new SectorTaxonomy(sectors.Select(s => new SectorRecord(s.Id, s.FamilyId, s.Zh, s.En, s.Synonyms)), convert);
        // A structure's district members ("district:嘉定区" in geodata) are matched through the district's gazetteer record.
        var districtPlace = places.Where(p => p.Kind == "district").GroupBy(p => p.DistrictId).ToDictionary(g => g.Key, g => g.First().Id);
        var structureIndex = new StructureIndex(structures.Select(s => new StructureRecord(s.Id, s.NameZh, s.Aliases, s.Role, s.Region,
            members.Where(m => m.StructureId == s.Id)
                .Select(m => m.PlaceId ?? (m.DistrictId is not null ? districtPlace.GetValueOrDefault(m.DistrictId) : null))
                .OfType<string>().ToList())), convert);
        return new PlanIngestor(connectionString, new PlanProcessor(new PlanExtractor(gazetteer, taxonomy, structureIndex), gazetteer, catalog));
    }

    public async Task<DocumentIngestReport> IngestFileAsync(string path, CancellationToken ct = default)
    {
        byte[] bytes;
        try { bytes = await File.ReadAllBytesAsync(path, ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refused(Path.GetFileName(path), $"cannot read the file: {e.Message}");
        }
        return await IngestAsync(bytes, Path.GetFileName(path), ct);
    }

    public async Task<DocumentIngestReport> IngestAsync(byte[] bytes, string fileName, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        ProcessedPlan plan;
        try { plan = processor.Process(bytes, fileName); }
        catch (PlanReadException e) { return Refused(fileName, e.Message); }

        var info = plan.Document;
        var document = new Document
        {
            Id = info.Id, FileName = info.FileName, TitleZh = info.TitleZh, TitleEn = info.TitleEn, IssuingBody = info.IssuingBody,
            Region = info.Region, IssueDate = info.IssueDate, PeriodStart = info.PeriodStart, PeriodEnd = info.PeriodEnd,
            Script = info.Script, Sha256 = info.Sha256, Encoding = info.Encoding, Text = info.Text, IngestedAt = DateTimeOffset.UtcNow,
            Mentions = plan.Extraction.Mentions.Select(ToEntity).ToList(),
        };

        await using var db = new ZoneMapDbContext(ZoneMapDb.Options(connectionString));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.Mentions.Where(m => m.DocumentId == info.Id).ExecuteDeleteAsync(ct);
            await db.Documents.Where(d => d.Id == info.Id).ExecuteDeleteAsync(ct);
            db.Documents.Add(document);
            await db.SaveChangesAsync(ct);
            await CrashHook.KillIfReachedAsync(db, info.Id, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e)
        {
            await tx.RollbackAsync(ct);
            return Refused(fileName, $"the database refused document {info.Id}: {e.InnerException?.Message ?? e.Message}");
        }

        var mentions = document.Mentions;
        return new DocumentIngestReport(fileName, info.Id, true, null, mentions.Count, mentions.Sum(m => m.Facts.Count),
            mentions.Select(m => m.PlaceId).Distinct().Count(), mentions.SelectMany(m => m.Facts).Select(f => f.SectorId).OfType<string>().Distinct().Count(),
            plan.Extraction.UnknownNames, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Seeding: every catalogued seed when no document is in the database yet, or, with <paramref name="refresh"/>
    /// (the gazetteer just changed), again over what is there, so new and moved places get their facts.
    /// </summary>
    public static async Task<IReadOnlyList<DocumentIngestReport>> IngestSeedsIfEmptyAsync(string connectionString, string seedsDir,
        CancellationToken ct = default, bool refresh = false)
    {
        await using (var db = new ZoneMapDbContext(ZoneMapDb.Options(connectionString)))
        {
            if (!refresh && await db.Documents.AnyAsync(ct)) return [];
            if (!await db.Places.AnyAsync(ct)) return [Refused(seedsDir, "the database holds no gazetteer places: load geodata/ before the seeds")];
        }
        var catalog = PlanCatalog.Load(Path.Combine(seedsDir, "catalog.json"));
        var ingestor = await CreateAsync(connectionString, catalog, ct);
        var reports = new List<DocumentIngestReport>();
        foreach (var entry in catalog.Entries) reports.Add(await ingestor.IngestFileAsync(Path.Combine(seedsDir, entry.File), ct));
        return reports;
    }

    private static Mention ToEntity(ExtractedMention m)
    {
        var mention = new Mention
        {
            DocumentId = "", PlaceId = m.PlaceId, StructureId = m.StructureId, NameAsWritten = m.NameAsWritten, Line = m.Line, NameStart = m.NameStart, NameEnd = m.NameEnd,
            QuoteStart = m.QuoteStart, QuoteEnd = m.QuoteEnd, Quote = m.Quote, Role = m.Role, PeriodStart = m.PeriodStart, PeriodEnd = m.PeriodEnd,
        };
        mention.Facts = m.Sectors.Count == 0
            ? [new ZoneFact { PlaceId = m.PlaceId, SectorId = null, PeriodStart = m.PeriodStart, PeriodEnd = m.PeriodEnd, Role = m.Role }]
            : m.Sectors.Select(s => new ZoneFact { PlaceId = m.PlaceId, SectorId = s, PeriodStart = m.PeriodStart, PeriodEnd = m.PeriodEnd, Role = m.Role }).ToList();
        return mention;
    }

    /// <summary>
    /// Test hook, read only here: with ZONEMAP_TEST_CRASH_AFTER_MENTIONS=N the ingest process kills itself (SIGKILL, no
    /// clean-up) once its open transaction has written at least N mentions of a document, before the commit. The crash
    /// test uses it to show that an ingest dying half-way leaves the database exactly as it was.
    /// </summary>
    private static class CrashHook
    {
        private static readonly int? After = int.TryParse(Environment.GetEnvironmentVariable("ZONEMAP_TEST_CRASH_AFTER_MENTIONS"), out var n) && n > 0 ? n : null;

        public static async Task KillIfReachedAsync(ZoneMapDbContext db, string documentId, CancellationToken ct)
        {
            if (After is not { } after) return;
            // Counted in the database, inside the transaction: the rows really are written, only not committed.
            var written = await db.Mentions.CountAsync(m => m.DocumentId == documentId, ct);
            if (written < after) return;
            Console.Error.WriteLine($"zonemap: ZONEMAP_TEST_CRASH_AFTER_MENTIONS={after}: killing the ingest after {written} uncommitted mentions of {documentId}");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }

    private static DocumentIngestReport Refused(string file, string error) => new(file, null, false, error, 0, 0, 0, 0, [], 0);
}
