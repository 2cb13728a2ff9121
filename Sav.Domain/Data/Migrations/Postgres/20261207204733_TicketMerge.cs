using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TicketMerge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MergedIntoId",
                table: "Tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ContactId",
                table: "Tickets",
                column: "ContactId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_ContactId",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Tickets");
        }
    }
}
