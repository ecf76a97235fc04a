using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZoneMap.Data.Migrations
{
    /// <inheritdoc />
    public partial class BulkFeatureFamilies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_bulk_features_Kind",
                table: "bulk_features");

            migrationBuilder.DropIndex(
                name: "IX_bulk_features_PeriodStart_PeriodEnd",
                table: "bulk_features");

            migrationBuilder.AddColumn<string[]>(
                name: "FamilyIds",
                table: "bulk_features",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            // Rows loaded before this column existed get their families once, here.
            migrationBuilder.Sql("""
                UPDATE bulk_features b SET "FamilyIds" = ARRAY(SELECT DISTINCT s."FamilyId" FROM sectors s WHERE s."Id" = ANY(b."SectorIds") ORDER BY 1)
                WHERE cardinality(b."SectorIds") > 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FamilyIds",
                table: "bulk_features");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_Kind",
                table: "bulk_features",
                column: "Kind");

            migrationBuilder.CreateIndex(
                name: "IX_bulk_features_PeriodStart_PeriodEnd",
                table: "bulk_features",
                columns: new[] { "PeriodStart", "PeriodEnd" });
        }
    }
}
