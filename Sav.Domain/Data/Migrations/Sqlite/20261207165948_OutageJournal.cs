using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutageJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GatewayJournals",
                columns: table => new
                {
                    Gateway = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Waiting = table.Column<int>(type: "INTEGER", nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: true),
                    NumbersLeft = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayJournals", x => x.Gateway);
                });

            migrationBuilder.CreateTable(
                name: "ReplayedSubmissions",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplayedSubmissions", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GatewayJournals");

            migrationBuilder.DropTable(
                name: "ReplayedSubmissions");
        }
    }
}
