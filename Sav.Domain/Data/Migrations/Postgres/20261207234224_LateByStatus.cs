using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LateByStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaDueAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaDueAt_StatusId",
                table: "Tickets",
                columns: new[] { "SlaDueAt", "StatusId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaDueAt_StatusId",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaDueAt",
                table: "Tickets",
                column: "SlaDueAt");
        }
    }
}
