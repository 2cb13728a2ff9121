using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sav.Domain.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BounceRecipient",
                table: "InboundMails",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "BounceVerified",
                table: "InboundMails",
                type: "boolean",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MailJobRuns",
                columns: table => new
                {
                    Job = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LastSucceededAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastFailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Instance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
