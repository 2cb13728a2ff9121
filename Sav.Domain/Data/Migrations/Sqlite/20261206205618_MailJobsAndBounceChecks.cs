using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MailJobsAndBounceChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BounceReason",
                table: "InboundMails",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BounceRecipient",
                table: "InboundMails",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "BounceVerified",
                table: "InboundMails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MailJobRuns",
                columns: table => new
                {
                    Job = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LastSucceededAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastFailedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailJobRuns", x => x.Job);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MailJobRuns");

            migrationBuilder.DropColumn(
                name: "BounceReason",
                table: "InboundMails");

            migrationBuilder.DropColumn(
                name: "BounceRecipient",
                table: "InboundMails");

            migrationBuilder.DropColumn(
                name: "BounceVerified",
                table: "InboundMails");
        }
    }
}
