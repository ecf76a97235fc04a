using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ZoneMap.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "districts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    NameZh = table.Column<string>(type: "text", nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    Aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    Geometry = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    Centroid = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_districts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    TitleZh = table.Column<string>(type: "text", nullable: false),
                    TitleEn = table.Column<string>(type: "text", nullable: false),
                    IssuingBody = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PeriodStart = table.Column<int>(type: "integer", nullable: false),
                    PeriodEnd = table.Column<int>(type: "integer", nullable: false),
                    Script = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    Encoding = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    IngestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sector_families",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Zh = table.Column<string>(type: "text", nullable: false),
                    En = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sector_families", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "structures",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    NameZh = table.Column<string>(type: "text", nullable: false),
                    NameZht = table.Column<string>(type: "text", nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: false),
                    Aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    ParentId = table.Column<string>(type: "text", nullable: true),
                    GeometryMethod = table.Column<string>(type: "text", nullable: false),
                    Geometry = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: true),
                    Documents = table.Column<string[]>(type: "text[]", nullable: false),
                    SourceQuote = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_structures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    NameZh = table.Column<string>(type: "text", nullable: false),
                    NameZht = table.Column<string>(type: "text", nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: false),
                    Aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    DistrictId = table.Column<string>(type: "text", nullable: false),
                    Location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    Footprint = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: true),
                    Precision = table.Column<string>(type: "text", nullable: false),
                    SourceNote = table.Column<string>(type: "text", nullable: false),
                    SourceUrl = table.Column<string>(type: "text", nullable: true),
                    SourceDatum = table.Column<string>(type: "text", nullable: false),
                    Estimated = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places", x => x.Id);
                    table.CheckConstraint("ck_places_precision", "\"Precision\" IN ('site','area','district')");
                    table.ForeignKey(
                        name: "FK_places_districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sectors",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    FamilyId = table.Column<string>(type: "text", nullable: false),
                    Zh = table.Column<string>(type: "text", nullable: false),
                    En = table.Column<string>(type: "text", nullable: false),
                    Synonyms = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sectors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sectors_sector_families_FamilyId",
                        column: x => x.FamilyId,
                        principalTable: "sector_families",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "mentions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DocumentId = table.Column<string>(type: "character varying(64)", nullable: false),
                    PlaceId = table.Column<string>(type: "text", nullable: true),
                    StructureId = table.Column<string>(type: "text", nullable: true),
                    NameAsWritten = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    NameStart = table.Column<int>(type: "integer", nullable: false),
                    NameEnd = table.Column<int>(type: "integer", nullable: false),
                    QuoteStart = table.Column<int>(type: "integer", nullable: false),
                    QuoteEnd = table.Column<int>(type: "integer", nullable: false),
                    Quote = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: true),
                    PeriodStart = table.Column<int>(type: "integer", nullable: false),
                    PeriodEnd = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mentions", x => x.Id);
                    table.CheckConstraint("ck_mentions_offsets", "\"Line\" >= 1 AND \"QuoteStart\" >= 0 AND \"QuoteEnd\" > \"QuoteStart\" AND \"NameStart\" >= \"QuoteStart\" AND \"NameEnd\" <= \"QuoteEnd\"");
                    table.CheckConstraint("ck_mentions_quote_not_empty", "length(\"Quote\") > 0");
                    table.CheckConstraint("ck_mentions_target", "\"PlaceId\" IS NOT NULL OR \"StructureId\" IS NOT NULL");
                    table.ForeignKey(
                        name: "FK_mentions_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_mentions_places_PlaceId",
                        column: x => x.PlaceId,
                        principalTable: "places",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_mentions_structures_StructureId",
                        column: x => x.StructureId,
                        principalTable: "structures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "structure_members",
                columns: table => new
                {
                    StructureId = table.Column<string>(type: "text", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    PlaceId = table.Column<string>(type: "text", nullable: true),
                    DistrictId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_structure_members", x => new { x.StructureId, x.Ordinal });
                    table.CheckConstraint("ck_structure_members_one_target", "(\"PlaceId\" IS NULL) <> (\"DistrictId\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_structure_members_districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_structure_members_places_PlaceId",
                        column: x => x.PlaceId,
                        principalTable: "places",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_structure_members_structures_StructureId",
                        column: x => x.StructureId,
                        principalTable: "structures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zone_facts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MentionId = table.Column<long>(type: "bigint", nullable: false),
                    PlaceId = table.Column<string>(type: "text", nullable: false),
                    SectorId = table.Column<string>(type: "text", nullable: true),
                    PeriodStart = table.Column<int>(type: "integer", nullable: false),
                    PeriodEnd = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_facts", x => x.Id);
                    table.CheckConstraint("ck_zone_facts_period", "\"PeriodEnd\" >= \"PeriodStart\"");
                    table.ForeignKey(
                        name: "FK_zone_facts_mentions_MentionId",
                        column: x => x.MentionId,
                        principalTable: "mentions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_zone_facts_places_PlaceId",
                        column: x => x.PlaceId,
                        principalTable: "places",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_zone_facts_sectors_SectorId",
                        column: x => x.SectorId,
                        principalTable: "sectors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_districts_Geometry",
                table: "districts",
                column: "Geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "IX_districts_Region",
                table: "districts",
                column: "Region");

            migrationBuilder.CreateIndex(
                name: "IX_documents_Sha256",
                table: "documents",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_mentions_DocumentId",
                table: "mentions",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_mentions_PlaceId",
                table: "mentions",
                column: "PlaceId");

            migrationBuilder.CreateIndex(
                name: "IX_mentions_StructureId",
                table: "mentions",
                column: "StructureId");

            migrationBuilder.CreateIndex(
                name: "IX_places_DistrictId",
                table: "places",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_places_Footprint",
                table: "places",
                column: "Footprint")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "IX_places_Kind",
                table: "places",
                column: "Kind");

            migrationBuilder.CreateIndex(
                name: "IX_places_Location",
                table: "places",
                column: "Location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "IX_places_Region",
                table: "places",
                column: "Region");

            migrationBuilder.CreateIndex(
                name: "IX_sectors_FamilyId",
                table: "sectors",
                column: "FamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_structure_members_DistrictId",
                table: "structure_members",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_structure_members_PlaceId",
                table: "structure_members",
                column: "PlaceId");

            migrationBuilder.CreateIndex(
                name: "IX_structures_Geometry",
                table: "structures",
                column: "Geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "IX_zone_facts_MentionId",
                table: "zone_facts",
                column: "MentionId");

            migrationBuilder.CreateIndex(
                name: "IX_zone_facts_PeriodStart_PeriodEnd",
                table: "zone_facts",
                columns: new[] { "PeriodStart", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_zone_facts_PlaceId",
                table: "zone_facts",
                column: "PlaceId");

            migrationBuilder.CreateIndex(
                name: "IX_zone_facts_SectorId",
                table: "zone_facts",
                column: "SectorId");
            // A quote must be text that really stands in its document: checked by the database, not only by the ingester.
            migrationBuilder.Sql(@"
CREATE FUNCTION zonemap_check_quote() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM documents d WHERE d.""Id"" = NEW.""DocumentId"" AND position(NEW.""Quote"" in d.""Text"") > 0) THEN
    RAISE EXCEPTION 'mention quote does not occur in document %', NEW.""DocumentId"";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER mentions_quote_in_document BEFORE INSERT OR UPDATE ON mentions
  FOR EACH ROW EXECUTE FUNCTION zonemap_check_quote();");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS mentions_quote_in_document ON mentions; DROP FUNCTION IF EXISTS zonemap_check_quote();");
            migrationBuilder.DropTable(
                name: "structure_members");

            migrationBuilder.DropTable(
                name: "zone_facts");

            migrationBuilder.DropTable(
                name: "mentions");

            migrationBuilder.DropTable(
                name: "sectors");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "structures");

            migrationBuilder.DropTable(
                name: "sector_families");

            migrationBuilder.DropTable(
                name: "districts");
        }
    }
}
