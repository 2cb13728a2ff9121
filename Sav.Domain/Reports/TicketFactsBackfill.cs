using Microsoft.EntityFrameworkCore.Migrations;

namespace Sav.Domain.Reports;

/// <summary>
/// Fills the facts reports read (first answer, closing, each closing and reopening) for tickets written before they
/// were recorded, from the conversation and the audit history. Called from the migration that adds them; the same
/// text runs on SQLite and PostgreSQL (quoted names, <c>||</c>, no functions). Status changes are recognised by the
/// display (« z10. Fermé ») the audit kept, matched against the statuses of the closed category today.
/// </summary>
public static class TicketFactsBackfill
{
    private const string ClosedDisplays =
        "(SELECT s.\"Code\" || '. ' || s.\"Label\" FROM \"Statuses\" AS s WHERE s.\"Category\" = 'Closed')";

    public static void Up(MigrationBuilder migration)
    {
        migration.Sql("""
            UPDATE "Tickets" SET "FirstAnsweredAt" = (
                SELECT MIN(e."At") FROM "ConversationEntries" AS e
                WHERE e."TicketId" = "Tickets"."Id" AND e."Direction" = 'ToCustomer')
            """);
        migration.Sql($"""
            INSERT INTO "TicketMilestones" ("TicketId", "Kind", "At")
            SELECT a."TicketId", 'Closed', a."At" FROM "AuditEntries" AS a
            WHERE a."Field" = 'Status' AND a."After" IN {ClosedDisplays}
              AND (a."Before" IS NULL OR a."Before" NOT IN {ClosedDisplays})
            """);
        migration.Sql($"""
            INSERT INTO "TicketMilestones" ("TicketId", "Kind", "At")
            SELECT a."TicketId", 'Reopened', a."At" FROM "AuditEntries" AS a
            WHERE a."Field" = 'Status' AND a."Before" IN {ClosedDisplays}
              AND (a."After" IS NULL OR a."After" NOT IN {ClosedDisplays})
            """);
        // A ticket closed with no audit row left (imported, or the label changed since) is dated by its last change.
        migration.Sql("""
            UPDATE "Tickets" SET "ClosedAt" = COALESCE(
                (SELECT MAX(m."At") FROM "TicketMilestones" AS m WHERE m."TicketId" = "Tickets"."Id" AND m."Kind" = 'Closed'),
                "UpdatedAt")
            WHERE "StatusId" IN (SELECT s."Id" FROM "Statuses" AS s WHERE s."Category" = 'Closed')
            """);
    }

    public static void Down(MigrationBuilder migration)
    {
        // The columns and the table go with the migration's own Down.
    }
}
