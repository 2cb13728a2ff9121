using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true,
                computedColumnSql: "((\"FirstAnsweredAt\" >> 11) - (\"CreatedAt\" >> 11)) / 10000",
                stored: false);

            migrationBuilder.AddColumn<long>(
                name: "CloseSeconds",
                table: "Tickets",
                type: "INTEGER",
                nullable: true,
                computedColumnSql: "((\"ClosedAt\" >> 11) - (\"CreatedAt\" >> 11)) / 10000",
                stored: false);

            migrationBuilder.AddColumn<int>(
                name: "WarrantyChannel",
                table: "Tickets",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CASE \"Warranty\" WHEN 'Unknown' THEN 0 WHEN 'Yes' THEN 1 WHEN 'No' THEN 2 ELSE 15 END * 16 + CASE \"Channel\" WHEN 'Form' THEN 0 WHEN 'Email' THEN 1 WHEN 'Phone' THEN 2 WHEN 'Backoffice' THEN 3 ELSE 15 END",
                stored: false);

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
