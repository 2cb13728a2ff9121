using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DelayColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets");

            migrationBuilder.AddColumn<long>(
                name: "AnswerSeconds",
                table: "Tickets",
                type: "bigint",
                nullable: true,
                computedColumnSql: "CAST(floor(date_part('epoch', \"FirstAnsweredAt\" - \"CreatedAt\")) AS bigint)",
                stored: true);

            migrationBuilder.AddColumn<long>(
                name: "CloseSeconds",
                table: "Tickets",
                type: "bigint",
                nullable: true,
                computedColumnSql: "CAST(floor(date_part('epoch', \"ClosedAt\" - \"CreatedAt\")) AS bigint)",
                stored: true);

            migrationBuilder.AddColumn<int>(
                name: "WarrantyChannel",
                table: "Tickets",
                type: "integer",
                nullable: false,
                computedColumnSql: "CASE \"Warranty\" WHEN 'Unknown' THEN 0 WHEN 'Yes' THEN 1 WHEN 'No' THEN 2 ELSE 15 END * 16 + CASE \"Channel\" WHEN 'Form' THEN 0 WHEN 'Email' THEN 1 WHEN 'Phone' THEN 2 WHEN 'Backoffice' THEN 3 ELSE 15 END",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets",
                columns: new[] { "CreatedAt", "ProductFamilyId", "ProductId", "ClientId", "BrandId", "AnalystId", "Warranty", "WarrantyChannel", "AnswerSeconds", "CloseSeconds" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "AnswerSeconds",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "CloseSeconds",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "WarrantyChannel",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Opened",
                table: "Tickets",
                columns: new[] { "CreatedAt", "ProductFamilyId", "ProductId", "ClientId", "BrandId", "AnalystId", "Warranty", "Channel", "FirstAnsweredAt", "ClosedAt" });
        }
    }
}
