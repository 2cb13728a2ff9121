using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TargetOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets");

            migrationBuilder.AddColumn<int>(
                name: "TargetOutcome",
                table: "Tickets",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CASE WHEN \"AnswerDueAt\" IS NULL THEN 0 WHEN \"FirstAnsweredAt\" IS NULL THEN CASE WHEN \"ClosedAt\" IS NULL THEN 3 ELSE 0 END WHEN \"FirstAnsweredAt\" <= \"AnswerDueAt\" THEN 1 ELSE 2 END * 4 + CASE WHEN \"CloseDueAt\" IS NULL THEN 0 WHEN \"ClosedAt\" IS NULL THEN CASE WHEN \"ClosedAt\" IS NULL THEN 3 ELSE 0 END WHEN \"ClosedAt\" <= \"CloseDueAt\" THEN 1 ELSE 2 END",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets",
                columns: new[] { "CreatedAt", "ProductFamilyId", "ProductId", "ClientId", "BrandId", "AnalystId", "Warranty", "WarrantyChannel", "AnswerSeconds", "CloseSeconds", "TargetOutcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "TargetOutcome",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets",
                columns: new[] { "CreatedAt", "ProductFamilyId", "ProductId", "ClientId", "BrandId", "AnalystId", "Warranty", "WarrantyChannel", "AnswerSeconds", "CloseSeconds" });
        }
    }
}
