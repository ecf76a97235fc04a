using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ZoneMap.Data.Migrations
{
    /// <inheritdoc />
    public partial class BulkFeatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bulk_feature_stats",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    XMin = table.Column<double>(type: "double precision", nullable: true),
                    YMin = table.Column<double>(type: "double precision", nullable: true),
                    XMax = table.Column<double>(type: "double precision", nullable: true),
                    YMax = table.Column<double>(type: "double precision", nullable: true),
                    FromYear = table.Column<int>(type: "integer", nullable: true),
                    ToYear = table.Column<int>(type: "integer", nullable: true),
                    Regions = table.Column<string[]>(type: "text[]", nullable: false),
                    Kinds = table.Column<string[]>(type: "text[]", nullable: false),
                    Periods = table.Column<string[]>(type: "text[]", nullable: false),
                    RefreshedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulk_feature_stats", x => x.Id);
                    table.CheckConstraint("ck_bulk_feature_stats_one_row", "\"Id\" = 1");
                });

            migrationBuilder.CreateTable(
                name: "bulk_features",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    SectorIds = table.Column<string[]>(type: "text[]", nullable: false),
                    PeriodStart = table.Column<int>(type: "integer", nullable: true),
                    PeriodEnd = table.Column<int>(type: "integer", nullable: true),
                    Properties = table.Column<string>(type: "jsonb", nullable: true),
                    Geom = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulk_features", x => x.Id);
                    table.CheckConstraint("ck_bulk_features_period", "\"PeriodEnd\" >= \"PeriodStart\"");
                });

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_Geom",
                table: "bulk_features",
                column: "Geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_Kind",
                table: "bulk_features",
                column: "Kind");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_PeriodStart_PeriodEnd",
                table: "bulk_features",
                columns: new[] { "PeriodStart", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_Region",
                table: "bulk_features",
                column: "Region");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_SectorIds",
                table: "bulk_features",
                column: "SectorIds")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bulk_feature_stats");

            migrationBuilder.DropTable(
                name: "bulk_features");
        }
    }
}
