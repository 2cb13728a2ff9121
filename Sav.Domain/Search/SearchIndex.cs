using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Search;

/// <summary>
/// The words index of tickets: code, subject, description and every conversation entry, the contact's name, address
/// and phone, the client's name and ERP id, the organisation as typed, serial, order and invoice numbers. It is kept by
/// triggers in the database, in the same transaction as every write that changes indexed text, whoever writes (EF Core
/// or the opening writer's own statements). SQLite: an FTS5 table (unicode61, diacritics removed, detail=column, bm25).
/// PostgreSQL: a tsvector per ticket (simple dictionary over unaccent) with a GIN index. Ligatures are folded on both
/// sides (œ as oe, æ as ae): neither tokenizer does it.
/// </summary>
public static class SearchIndex
{
    public const string Table = "TicketSearch";

    /// <summary>Creates the index and its triggers where they are missing, and fills a new index from the tickets
    /// already there, reporting (done, total) as it goes.</summary>
    public static async Task EnsureAsync(SavDbContext db, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        var sqlite = db.IsSqlite;
        var exists = sqlite
            ? await Scalar(db, $"SELECT count(*) FROM sqlite_master WHERE name = '{Table}'", ct) > 0
            : await Scalar(db, $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{Table}'", ct) > 0;
        foreach (var statement in sqlite ? SqliteSchema : PostgresSchema) await db.Database.ExecuteSqlRawAsync(statement, ct);
        if (exists) return;

        // A database from before the index: every ticket, in batches, each its own transaction.
        var total = await db.Tickets.LongCountAsync(ct);
        var last = 0;
        long done = 0;
        progress?.Report((0, total));
        while (true)
        {
            var upTo = await db.Tickets.Where(t => t.Id > last).OrderBy(t => t.Id).Skip(9_999).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct)
                ?? int.MaxValue;
            var range = $"t.\"Id\" > {last} AND t.\"Id\" <= {upTo}";
            var added = await db.Database.ExecuteSqlRawAsync(sqlite ? SqliteRows(range) : PostgresRows(range), ct);
            done += added;
            progress?.Report((done, total));
            if (upTo == int.MaxValue) break;
            last = upTo;
        }
    }

    /// <summary>Removes the index and its triggers (a bulk load builds it once at the end with <see cref="EnsureAsync"/>).</summary>
    public static async Task DropAsync(SavDbContext db, CancellationToken ct = default)
    {
        string[] statements = db.IsSqlite
            ? [.. new[] { "search_ticket_insert", "search_ticket_update", "search_ticket_delete", "search_entry_insert", "search_entry_update",
                "search_entry_delete", "search_contact_update", "search_client_update" }.Select(t => $"DROP TRIGGER IF EXISTS {t}"),
               $"DROP TABLE IF EXISTS \"{Table}\""]
            : ["DROP TRIGGER IF EXISTS search_ticket ON \"Tickets\"", "DROP TRIGGER IF EXISTS search_entry ON \"ConversationEntries\"",
               "DROP TRIGGER IF EXISTS search_contact ON \"Contacts\"", "DROP TRIGGER IF EXISTS search_client ON \"Clients\"", $"DROP TABLE IF EXISTS \"{Table}\""];
        foreach (var statement in statements) await db.Database.ExecuteSqlRawAsync(statement, ct);
    }

    private static async Task<long> Scalar(SavDbContext db, string sql, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<long>(sql.Replace("count(*)", "count(*) AS \"Value\"")).SingleAsync(ct);

    private static string Fold(string sql) => $"replace(replace(replace(replace({sql}, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')";

    private const string People =
        "coalesce(c.\"Name\", '') || ' ' || coalesce(c.\"Email\", '') || ' ' || coalesce(c.\"Phone\", '') || ' ' || " +
        "coalesce(cl.\"Name\", '') || ' ' || coalesce(cl.\"ErpId\", '') || ' ' || coalesce(t.\"CustomerText\", '')";

    private const string References =
        "coalesce(t.\"SerialNumber\", '') || ' ' || coalesce(t.\"OrderNumber\", '') || ' ' || coalesce(t.\"InvoiceNumber\", '')";

    private const string From =
        "FROM \"Tickets\" t LEFT JOIN \"Contacts\" c ON c.\"Id\" = t.\"ContactId\" LEFT JOIN \"Clients\" cl ON cl.\"Id\" = t.\"ClientId\"";

    // --- SQLite -------------------------------------------------------------------------------------------------------

    /// <summary>The index rows of the tickets <paramref name="where"/> selects (over <c>t</c>).</summary>
    private static string SqliteRows(string where) => $"""
        INSERT INTO "{Table}"(rowid, code, subject, body, people, refs)
        SELECT t."Id", t."Code", {Fold("t.\"Subject\"")},
               {Fold("coalesce(t.\"Description\", '') || char(10) || coalesce((SELECT group_concat(e.\"Text\", char(10)) FROM \"ConversationEntries\" e WHERE e.\"TicketId\" = t.\"Id\"), '')")},
               {Fold(People)}, {References}
        {From} WHERE {where};
        """;

    private static string SqliteRefresh(string where) =>
        $"DELETE FROM \"{Table}\" WHERE rowid IN (SELECT t.\"Id\" FROM \"Tickets\" t WHERE {where}); {SqliteRows(where)}";

    private static readonly string[] SqliteSchema =
    [
        // detail=column and no prefix index, and an opening's description indexed once: bench/Sav.Bench.Gateway's writer
        // spent 559 µs per opening with prefix indexes and the description twice, 314 µs so, 203 µs without an index
        // (detail=none and columnsize=0 gave nothing more: 325 µs). A prefix query walks the index's sorted terms instead.
        $"CREATE VIRTUAL TABLE IF NOT EXISTS \"{Table}\" USING fts5(code, subject, body, people, refs, tokenize = 'unicode61 remove_diacritics 2', detail = column)",
        $"CREATE TRIGGER IF NOT EXISTS search_ticket_insert AFTER INSERT ON \"Tickets\" BEGIN {SqliteRows("t.\"Id\" = NEW.\"Id\"")} END",
        "CREATE TRIGGER IF NOT EXISTS search_ticket_update AFTER UPDATE OF \"Code\", \"Subject\", \"Description\", \"ContactId\", \"ClientId\", " +
        $"\"CustomerText\", \"SerialNumber\", \"OrderNumber\", \"InvoiceNumber\" ON \"Tickets\" BEGIN {SqliteRefresh("t.\"Id\" = NEW.\"Id\"")} END",
        $"CREATE TRIGGER IF NOT EXISTS search_ticket_delete AFTER DELETE ON \"Tickets\" BEGIN DELETE FROM \"{Table}\" WHERE rowid = OLD.\"Id\"; END",
        // An opening's first entry is its description, already in the ticket's row: nothing to index again.
        "CREATE TRIGGER IF NOT EXISTS search_entry_insert AFTER INSERT ON \"ConversationEntries\" " +
        "WHEN NEW.\"Text\" IS NOT (SELECT \"Description\" FROM \"Tickets\" WHERE \"Id\" = NEW.\"TicketId\") " +
        $"BEGIN {SqliteRefresh("t.\"Id\" = NEW.\"TicketId\"")} END",
        $"CREATE TRIGGER IF NOT EXISTS search_entry_update AFTER UPDATE OF \"Text\" ON \"ConversationEntries\" BEGIN {SqliteRefresh("t.\"Id\" = NEW.\"TicketId\"")} END",
        $"CREATE TRIGGER IF NOT EXISTS search_entry_delete AFTER DELETE ON \"ConversationEntries\" BEGIN {SqliteRefresh("t.\"Id\" = OLD.\"TicketId\"")} END",
        // A contact's or a client's tickets are indexed again only when its indexed text changed: each opening by a known
        // contact writes its name and phone back, and the ERP's sync or an import may write a client's unchanged name.
        // (Before stop 33 they were created without the condition: dropped and created again.)
        "DROP TRIGGER IF EXISTS search_contact_update",
        "CREATE TRIGGER search_contact_update AFTER UPDATE OF \"Name\", \"Email\", \"Phone\" ON \"Contacts\" " +
        "WHEN OLD.\"Name\" IS NOT NEW.\"Name\" OR OLD.\"Email\" IS NOT NEW.\"Email\" OR OLD.\"Phone\" IS NOT NEW.\"Phone\" " +
        $"BEGIN {SqliteRefresh("t.\"ContactId\" = NEW.\"Id\"")} END",
        "DROP TRIGGER IF EXISTS search_client_update",
        "CREATE TRIGGER search_client_update AFTER UPDATE OF \"Name\", \"ErpId\" ON \"Clients\" " +
        "WHEN OLD.\"Name\" IS NOT NEW.\"Name\" OR OLD.\"ErpId\" IS NOT NEW.\"ErpId\" " +
        $"BEGIN {SqliteRefresh("t.\"ClientId\" = NEW.\"Id\"")} END",
    ];

    // --- PostgreSQL ---------------------------------------------------------------------------------------------------

    // Cut at anything but letters and digits, as the words typed are: PostgreSQL's parser would keep an e-mail address or
    // a host name as one token, which no typed word then meets.
    private static string Vector(string text, char weight) =>
        $"setweight(to_tsvector('simple', regexp_replace(unaccent({Fold(text)}), '[^[:alnum:]]+', ' ', 'g')), '{weight}')";

    private static string PostgresDocument =>
        $"""
        {Vector("t.\"Code\" || ' ' || t.\"Subject\"", 'A')} ||
        {Vector("coalesce(t.\"Description\", '') || ' ' || coalesce((SELECT string_agg(e.\"Text\", ' ') FROM \"ConversationEntries\" e WHERE e.\"TicketId\" = t.\"Id\"), '')", 'C')} ||
        {Vector(People, 'B')} || {Vector(References, 'B')}
        """;

    private static string PostgresRows(string where) => $"""
        INSERT INTO "{Table}"("TicketId", "Document") SELECT t."Id", {PostgresDocument} {From} WHERE {where}
        ON CONFLICT ("TicketId") DO UPDATE SET "Document" = EXCLUDED."Document";
        """;

    private static readonly string[] PostgresSchema =
    [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        $"CREATE TABLE IF NOT EXISTS \"{Table}\" (\"TicketId\" integer PRIMARY KEY REFERENCES \"Tickets\"(\"Id\") ON DELETE CASCADE, \"Document\" tsvector NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS \"IX_{Table}_Document\" ON \"{Table}\" USING gin (\"Document\")",
        $"""
        CREATE OR REPLACE FUNCTION sav_search_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN {PostgresRows("t.\"Id\" = ANY(ids)")} END $$
        """,
        """
        CREATE OR REPLACE FUNCTION sav_search_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM sav_search_refresh(ARRAY[NEW."Id"]); RETURN NULL; END $$
        """,
        """
        CREATE OR REPLACE FUNCTION sav_search_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN PERFORM sav_search_refresh(ARRAY[OLD."TicketId"]); ELSE PERFORM sav_search_refresh(ARRAY[NEW."TicketId"]); END IF;
          RETURN NULL;
        END $$
        """,
        """
        CREATE OR REPLACE FUNCTION sav_search_contact() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM sav_search_refresh(ARRAY(SELECT "Id" FROM "Tickets" WHERE "ContactId" = NEW."Id")); RETURN NULL; END $$
        """,
        """
        CREATE OR REPLACE FUNCTION sav_search_client() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM sav_search_refresh(ARRAY(SELECT "Id" FROM "Tickets" WHERE "ClientId" = NEW."Id")); RETURN NULL; END $$
        """,
        "DROP TRIGGER IF EXISTS search_ticket ON \"Tickets\"",
        "CREATE TRIGGER search_ticket AFTER INSERT OR UPDATE OF \"Code\", \"Subject\", \"Description\", \"ContactId\", \"ClientId\", \"CustomerText\", " +
        "\"SerialNumber\", \"OrderNumber\", \"InvoiceNumber\" ON \"Tickets\" FOR EACH ROW EXECUTE FUNCTION sav_search_ticket()",
        "DROP TRIGGER IF EXISTS search_entry ON \"ConversationEntries\"",
        "CREATE TRIGGER search_entry AFTER INSERT OR UPDATE OF \"Text\" OR DELETE ON \"ConversationEntries\" FOR EACH ROW EXECUTE FUNCTION sav_search_entry()",
        "DROP TRIGGER IF EXISTS search_contact ON \"Contacts\"",
        "CREATE TRIGGER search_contact AFTER UPDATE OF \"Name\", \"Email\", \"Phone\" ON \"Contacts\" FOR EACH ROW " +
        "WHEN (OLD.\"Name\" IS DISTINCT FROM NEW.\"Name\" OR OLD.\"Email\" IS DISTINCT FROM NEW.\"Email\" OR OLD.\"Phone\" IS DISTINCT FROM NEW.\"Phone\") " +
        "EXECUTE FUNCTION sav_search_contact()",
        "DROP TRIGGER IF EXISTS search_client ON \"Clients\"",
        "CREATE TRIGGER search_client AFTER UPDATE OF \"Name\", \"ErpId\" ON \"Clients\" FOR EACH ROW " +
        "WHEN (OLD.\"Name\" IS DISTINCT FROM NEW.\"Name\" OR OLD.\"ErpId\" IS DISTINCT FROM NEW.\"ErpId\") EXECUTE FUNCTION sav_search_client()",
    ];
}
