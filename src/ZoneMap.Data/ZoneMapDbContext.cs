using Microsoft.EntityFrameworkCore;
using ZoneMap.Data.Model;

namespace ZoneMap.Data;

public sealed class ZoneMapDbContext(DbContextOptions<ZoneMapDbContext> options) : DbContext(options)
{
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<District> Districts => Set<District>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<GeodataLoad> GeodataLoads => Set<GeodataLoad>();
    public DbSet<Place> Places => Set<Place>();
    public DbSet<Structure> Structures => Set<Structure>();
    public DbSet<StructureMember> StructureMembers => Set<StructureMember>();
    public DbSet<SectorFamily> SectorFamilies => Set<SectorFamily>();
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Mention> Mentions => Set<Mention>();
    public DbSet<ZoneFact> ZoneFacts => Set<ZoneFact>();
    public DbSet<BulkFeature> BulkFeatures => Set<BulkFeature>();
    public DbSet<BulkFeatureStats> BulkFeatureStats => Set<BulkFeatureStats>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasPostgresExtension("postgis");
        b.HasPostgresExtension("pg_trgm");

        b.Entity<Document>(e =>
        {
            e.ToTable("documents");
            e.Property(d => d.Id).HasMaxLength(64);
            e.HasIndex(d => d.Sha256);
        });

        b.Entity<District>(e =>
        {
            e.ToTable("districts");
            e.Property(d => d.Geometry).HasColumnType("geometry(MultiPolygon,4326)");
            e.Property(d => d.Centroid).HasColumnType("geometry(Point,4326)");
            e.HasIndex(d => d.Geometry).HasMethod("gist");
            e.HasIndex(d => d.Region);
        });

        b.Entity<Province>(e =>
        {
            e.ToTable("provinces");
            e.Property(p => p.Geometry).HasColumnType("geometry(MultiPolygon,4326)");
            e.HasIndex(p => p.Geometry).HasMethod("gist");
        });

        b.Entity<GeodataLoad>(e => e.ToTable("geodata_loads"));

        b.Entity<Place>(e =>
        {
            e.ToTable("places");
            e.Property(p => p.Location).HasColumnType("geometry(Point,4326)");
            e.Property(p => p.Footprint).HasColumnType("geometry(Geometry,4326)");
            e.HasIndex(p => p.Location).HasMethod("gist");
            e.HasIndex(p => p.Footprint).HasMethod("gist");
            e.HasIndex(p => p.Region);
            e.HasIndex(p => p.Kind);
            e.HasOne(p => p.District).WithMany().HasForeignKey(p => p.DistrictId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_places_precision", "\"Precision\" IN ('site','area','district')"));
        });

        b.Entity<Structure>(e =>
        {
            e.ToTable("structures");
            e.Property(s => s.Geometry).HasColumnType("geometry(Geometry,4326)");
            e.HasIndex(s => s.Geometry).HasMethod("gist");
            e.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.StructureId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<StructureMember>(e =>
        {
            e.ToTable("structure_members");
            e.HasKey(m => new { m.StructureId, m.Ordinal });
            e.HasOne<Place>().WithMany().HasForeignKey(m => m.PlaceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<District>().WithMany().HasForeignKey(m => m.DistrictId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_structure_members_one_target",
                "(\"PlaceId\" IS NULL) <> (\"DistrictId\" IS NULL)"));
        });

        b.Entity<SectorFamily>(e => e.ToTable("sector_families"));
        b.Entity<Sector>(e =>
        {
            e.ToTable("sectors");
            e.HasOne(s => s.Family).WithMany().HasForeignKey(s => s.FamilyId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Mention>(e =>
        {
            e.ToTable("mentions");
            e.HasOne(m => m.Document).WithMany(d => d.Mentions).HasForeignKey(m => m.DocumentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Place>().WithMany().HasForeignKey(m => m.PlaceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Structure>().WithMany().HasForeignKey(m => m.StructureId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => m.PlaceId);
            e.HasIndex(m => m.DocumentId);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_mentions_quote_not_empty", "length(\"Quote\") > 0");
                t.HasCheckConstraint("ck_mentions_offsets", "\"Line\" >= 1 AND \"QuoteStart\" >= 0 AND \"QuoteEnd\" > \"QuoteStart\" AND \"NameStart\" >= \"QuoteStart\" AND \"NameEnd\" <= \"QuoteEnd\"");
                t.HasCheckConstraint("ck_mentions_target", "\"PlaceId\" IS NOT NULL OR \"StructureId\" IS NOT NULL");
            });
        });

        b.Entity<ZoneFact>(e =>
        {
            e.ToTable("zone_facts");
            // A fact exists only through its mention: deleting the mention deletes the fact, it can never be orphaned.
            e.HasOne(f => f.Mention).WithMany(m => m.Facts).HasForeignKey(f => f.MentionId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Place>().WithMany().HasForeignKey(f => f.PlaceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Sector>().WithMany().HasForeignKey(f => f.SectorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(f => f.PlaceId);
            e.HasIndex(f => f.SectorId);
            e.HasIndex(f => new { f.PeriodStart, f.PeriodEnd });
            e.ToTable(t => t.HasCheckConstraint("ck_zone_facts_period", "\"PeriodEnd\" >= \"PeriodStart\""));
        });
    
        b.Entity<BulkFeature>(e =>
        {
            e.ToTable("bulk_features");
            e.Property(f => f.Properties).HasColumnType("jsonb");
            e.Property(f => f.Geom).HasColumnType("geometry(Geometry,4326)");
            e.HasIndex(f => f.Geom).HasMethod("gist");
            e.HasIndex(f => f.SectorIds).HasMethod("gin");
            // Region narrows to a few percent of the rows; kind and period have a handful of values each, so the
            // planner never chose their btrees (EXPLAIN on 1 M rows) and they only slowed loads: none.
            e.HasIndex(f => f.Region);
            e.ToTable(t => t.HasCheckConstraint("ck_bulk_features_period", "\"PeriodEnd\" >= \"PeriodStart\""));
        });

        b.Entity<BulkFeatureStats>(e =>
        {
            e.ToTable("bulk_feature_stats");
            e.Property(s => s.Id).ValueGeneratedNever();
            e.ToTable(t => t.HasCheckConstraint("ck_bulk_feature_stats_one_row", "\"Id\" = 1"));
        });
    }
}
