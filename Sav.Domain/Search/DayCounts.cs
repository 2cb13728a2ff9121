using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Search;

/// <summary>How many tickets were created, and how many were last updated, on each UTC day: a row a day. Kept by
/// triggers like <see cref="FacetCounts"/>, so that the period facets of the whole base (« cette année » is 40 % of a
/// million tickets) add up a year of rows instead of counting the tickets (170 ms → see bench/README.md).</summary>
public static class DayCounts
{
    public const string Table = "TicketDayCounts";

    /// <summary>The day number of an instant: whole UTC days since 0001-01-01, as both databases compute it.</summary>
    public static long DayOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerDay;

    public static DateTimeOffset StartOfDay(long day) => new(day * TimeSpan.TicksPerDay, TimeSpan.Zero);

    public sealed record Day(long Number, int Created, int Updated);

    /// <summary>The days from <paramref name="first"/> on.</summary>
    public static async Task<List<Day>> ReadAsync(SavDbContext db, long first, CancellationToken ct = default) =>
        await db.Database.SqlQueryRaw<Day>($"SELECT \"Day\" AS \"Number\", \"Created\", \"Updated\" FROM \"{Table}\" WHERE \"Day\" >= {{0}}", first).ToListAsync(ct);

    internal static async Task EnsureAsync(SavDbContext db, bool fill, CancellationToken ct)
    {
        foreach (var statement in db.IsSqlite ? SqliteSchema : PostgresSchema) await db.Database.ExecuteSqlRawAsync(statement, ct);
        if (fill) await db.Database.ExecuteSqlRawAsync(Fill(db.IsSqlite), ct);
    }

    internal static string[] Drop(bool sqlite) => sqlite
        ? ["DROP TRIGGER IF EXISTS day_ticket_insert", "DROP TRIGGER IF EXISTS day_ticket_update", "DROP TRIGGER IF EXISTS day_ticket_delete", $"DROP TABLE IF EXISTS \"{Table}\""]
        : ["DROP TRIGGER IF EXISTS day_ticket ON \"Tickets\"", $"DROP TABLE IF EXISTS \"{Table}\""];

    // SQLite keeps instants as EF Core's binary form: ticks / 1000, shifted 11 bits for the offset (always UTC here).
    private static string SqliteDay(string value) => $"(({value}) >> 11) / 864000000";

    private static string PostgresDay(string value) => $"(floor(extract(epoch from {value}) / 86400)::bigint + 719162)";

    private static string Fill(bool sqlite)
    {
        Func<string, string> day = sqlite ? SqliteDay : PostgresDay;
        return $"""
            INSERT INTO "{Table}" SELECT d, sum(c), sum(u) FROM (
              SELECT {day("\"CreatedAt\"")} AS d, 1 AS c, 0 AS u FROM "Tickets"
              UNION ALL SELECT {day("\"UpdatedAt\"")}, 0, 1 FROM "Tickets") x GROUP BY d
            """;
    }

    /// <summary>The changes of a write, one row per day (old days less, new days more), in ascending day order: two
    /// writers then always take the rows they share in the same order.</summary>
    private static string Changes(Func<string, string> day, bool old, bool @new) => string.Join(" UNION ALL ", new[]
    {
        old ? $"SELECT {day("OLD.\"CreatedAt\"")} AS d, -1 AS c, 0 AS u UNION ALL SELECT {day("OLD.\"UpdatedAt\"")}, 0, -1" : null,
        @new ? $"SELECT {day("NEW.\"CreatedAt\"")} AS d, 1 AS c, 0 AS u UNION ALL SELECT {day("NEW.\"UpdatedAt\"")}, 0, 1" : null,
    }.OfType<string>());

    private static string Apply(Func<string, string> day, bool old, bool @new) => $"""
        INSERT INTO "{Table}" SELECT d, sum(c), sum(u) FROM ({Changes(day, old, @new)}) x GROUP BY d HAVING sum(c) <> 0 OR sum(u) <> 0 ORDER BY d
        ON CONFLICT ("Day") DO UPDATE SET "Created" = "{Table}"."Created" + excluded."Created", "Updated" = "{Table}"."Updated" + excluded."Updated";
        """;

    private static readonly string[] SqliteSchema =
    [
        $"CREATE TABLE IF NOT EXISTS \"{Table}\" (\"Day\" INTEGER PRIMARY KEY, \"Created\" INTEGER NOT NULL, \"Updated\" INTEGER NOT NULL)",
        $"CREATE TRIGGER IF NOT EXISTS day_ticket_insert AFTER INSERT ON \"Tickets\" BEGIN {Apply(SqliteDay, false, true)} END",
        $"CREATE TRIGGER IF NOT EXISTS day_ticket_update AFTER UPDATE OF \"CreatedAt\", \"UpdatedAt\" ON \"Tickets\" " +
        $"WHEN {SqliteDay("OLD.\"CreatedAt\"")} <> {SqliteDay("NEW.\"CreatedAt\"")} OR {SqliteDay("OLD.\"UpdatedAt\"")} <> {SqliteDay("NEW.\"UpdatedAt\"")} " +
        $"BEGIN {Apply(SqliteDay, true, true)} END",
        $"CREATE TRIGGER IF NOT EXISTS day_ticket_delete AFTER DELETE ON \"Tickets\" BEGIN {Apply(SqliteDay, true, false)} END",
    ];

    private static readonly string[] PostgresSchema =
    [
        $"CREATE TABLE IF NOT EXISTS \"{Table}\" (\"Day\" bigint PRIMARY KEY, \"Created\" integer NOT NULL, \"Updated\" integer NOT NULL)",
        $"""
        CREATE OR REPLACE FUNCTION sav_day_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN {Apply(PostgresDay, false, true)}
          ELSIF TG_OP = 'DELETE' THEN {Apply(PostgresDay, true, false)}
          ELSIF {PostgresDay("OLD.\"CreatedAt\"")} <> {PostgresDay("NEW.\"CreatedAt\"")} OR {PostgresDay("OLD.\"UpdatedAt\"")} <> {PostgresDay("NEW.\"UpdatedAt\"")} THEN
            {Apply(PostgresDay, true, true)}
          END IF;
          RETURN NULL;
        END $$
        """,
        "DROP TRIGGER IF EXISTS day_ticket ON \"Tickets\"",
        "CREATE TRIGGER day_ticket AFTER INSERT OR UPDATE OR DELETE ON \"Tickets\" FOR EACH ROW EXECUTE FUNCTION sav_day_counts()",
    ];
}
