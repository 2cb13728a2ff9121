using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Search;

/// <summary>One facet combination of « Recherche » and how many tickets have it (0 stands for « none » in the ids).
/// <paramref name="Created"/> and <paramref name="Updated"/>: which named periods (<see cref="SearchPeriod.Named"/>, a bit
/// each) its tickets fall in, when the periods are counted with the rest.</summary>
public sealed record FacetCombo(int StatusId, int FamilyId, int ProductId, int BrandId, Warranty Warranty, int AnalystId, Channel Channel,
    string Language, int Count, int Created = 0, int Updated = 0);

/// <summary>
/// How many tickets have each combination of the facets' columns (status, family, product, brand, warranty, analyst,
/// channel, language): some 15,000 rows for a million tickets. Kept by triggers in the same transaction as every write
/// to a ticket, whoever writes, so that the facet counts of the whole base read those rows instead of a million tickets
/// (6.2 s → see bench/README.md). Not in the EF model, like the words index.
/// </summary>
public static class FacetCounts
{
    public const string Table = "TicketFacetCounts";

    private static readonly string[] Columns = ["StatusId", "ProductFamilyId", "ProductId", "BrandId", "Warranty", "AnalystId", "Channel", "Language"];

    /// <summary>Each facet's counts with the other facets applied, worked out by the database from the combinations
    /// (about 60 rows come back instead of the 15,000 combinations).</summary>
    public static async Task<FacetTally> TallyAsync(SavDbContext db, SearchRequest r, IReadOnlyList<Status> statuses, CancellationToken ct = default)
    {
        var facets = Facets(r, statuses);
        // A branch per facet, every other chosen facet a plain condition: the key's order serves the status (11 ms for
        // three facets at a million tickets, against 42 ms for one pass marking each combination's refusals).
        var sql = string.Join(" UNION ALL ", facets.Select((f, i) =>
            $"SELECT {i} AS f, CAST(\"{f.Column}\" AS TEXT) AS k, sum(\"Count\") AS c FROM \"{Table}\" WHERE \"Count\" > 0{Where(facets, i)} GROUP BY \"{f.Column}\""));

        var tally = new FacetTally(statuses);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tally.Add(facets[reader.GetInt32(0)].Facet, reader.GetString(1), (int)reader.GetInt64(2));
        }
        finally { await db.Database.CloseConnectionAsync(); }
        return tally;
    }

    /// <summary>How many tickets every chosen facet keeps: the combinations' counts added up.</summary>
    public static async Task<int> CountAsync(SavDbContext db, SearchRequest r, IReadOnlyList<Status> statuses, CancellationToken ct = default)
    {
        // Literals Facets wrote from parsed numbers, enum names and quoted languages: nothing typed reaches the SQL as is.
        var sql = $"SELECT coalesce(sum(\"Count\"), 0) AS \"Value\" FROM \"{Table}\" WHERE \"Count\" > 0{Where(Facets(r, statuses), -1)}";
        return (int)await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
    }

    /// <summary>Each facet: the column it groups by, whether it was chosen, and the values chosen, as SQL literals (ids
    /// the request parsed as numbers, enum names, languages quoted).</summary>
    private static (FacetTally.Facet Facet, string Column, bool IsChosen, IEnumerable<string> Values)[] Facets(SearchRequest r, IReadOnlyList<Status> statuses)
    {
        var chosen = FacetTally.Chosen.Of(r, statuses);
        static string Number(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        static string Text(string text) => $"'{text.Replace("'", "''")}'";
        return
        [
            (FacetTally.Facet.Status, "StatusId", chosen.StatusChosen, chosen.Statuses.Select(Number)),
            (FacetTally.Facet.Group, "StatusId", chosen.GroupChosen, chosen.GroupStatuses.Select(Number)),
            (FacetTally.Facet.Family, "ProductFamilyId", chosen.Families.Count > 0, chosen.Families.Select(Number)),
            (FacetTally.Facet.Product, "ProductId", chosen.Products.Count > 0, chosen.Products.Select(Number)),
            (FacetTally.Facet.Brand, "BrandId", chosen.Brands.Count > 0, chosen.Brands.Select(Number)),
            (FacetTally.Facet.Warranty, "Warranty", chosen.Warranties.Count > 0, chosen.Warranties.Select(w => Text(w.ToString()))),
            (FacetTally.Facet.Analyst, "AnalystId", chosen.Analysts.Count > 0, chosen.Analysts.Select(Number)),
            (FacetTally.Facet.Channel, "Channel", chosen.Channels.Count > 0, chosen.Channels.Select(c => Text(c.ToString()))),
            (FacetTally.Facet.Language, "Language", chosen.Languages.Count > 0, chosen.Languages.Select(Text)),
        ];
    }

    /// <summary>Every chosen facet but <paramref name="except"/> as a condition (-1: all of them).</summary>
    private static string Where((FacetTally.Facet Facet, string Column, bool IsChosen, IEnumerable<string> Values)[] facets, int except) =>
        string.Join("", facets.Where((f, j) => j != except && f.IsChosen)
            .Select(f => $" AND \"{f.Column}\" IN ({string.Join(", ", f.Values.DefaultIfEmpty("NULL"))})"));

    /// <summary>Every combination some ticket has (what the triggers keep, as checks read it; the facets are
    /// tallied by the database, <see cref="TallyAsync"/>).</summary>
    public static async Task<List<FacetCombo>> ReadAsync(SavDbContext db, CancellationToken ct = default) =>
        (await db.Database.SqlQueryRaw<Row>(Read).ToListAsync(ct))
        .Select(r => new FacetCombo(r.StatusId, r.ProductFamilyId, r.ProductId, r.BrandId, Enum.Parse<Warranty>(r.Warranty), r.AnalystId,
            Enum.Parse<Channel>(r.Channel), r.Language, r.Count)).ToList();

    private static readonly string Read = $"SELECT {string.Join(", ", Columns.Select(c => $"\"{c}\""))}, \"Count\" FROM \"{Table}\" WHERE \"Count\" > 0";

    private sealed record Row(int StatusId, int ProductFamilyId, int ProductId, int BrandId, string Warranty, int AnalystId, string Channel,
        string Language, int Count);

    /// <summary>Creates the table and its triggers where they are missing, and counts the tickets already there into a
    /// new table; the same for <see cref="DayCounts"/>.</summary>
    public static async Task EnsureAsync(SavDbContext db, CancellationToken ct = default)
    {
        var sqlite = db.IsSqlite;
        var exists = await db.Database.SqlQueryRaw<long>(sqlite
            ? $"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name = '{Table}'"
            : $"SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_name = '{Table}'").SingleAsync(ct) > 0;
        foreach (var statement in sqlite ? SqliteSchema : PostgresSchema) await db.Database.ExecuteSqlRawAsync(statement, ct);
        if (!exists) await db.Database.ExecuteSqlRawAsync(Fill, ct);
        var days = await db.Database.SqlQueryRaw<long>(sqlite
            ? $"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name = '{DayCounts.Table}'"
            : $"SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_name = '{DayCounts.Table}'").SingleAsync(ct) > 0;
        await DayCounts.EnsureAsync(db, fill: !days, ct);
    }

    /// <summary>Removes the table and its triggers (a bulk load counts once at the end with <see cref="EnsureAsync"/>).</summary>
    public static async Task DropAsync(SavDbContext db, CancellationToken ct = default)
    {
        string[] statements = db.IsSqlite
            ? ["DROP TRIGGER IF EXISTS facet_ticket_insert", "DROP TRIGGER IF EXISTS facet_ticket_update", "DROP TRIGGER IF EXISTS facet_ticket_delete",
               $"DROP TABLE IF EXISTS \"{Table}\""]
            : ["DROP TRIGGER IF EXISTS facet_ticket ON \"Tickets\"", $"DROP TABLE IF EXISTS \"{Table}\""];
        foreach (var statement in DayCounts.Drop(db.IsSqlite)) await db.Database.ExecuteSqlRawAsync(statement, ct);
        foreach (var statement in statements) await db.Database.ExecuteSqlRawAsync(statement, ct);
    }

    private static readonly string Fill =
        $"INSERT INTO \"{Table}\" SELECT {Values("t")}, count(*) FROM \"Tickets\" t GROUP BY {Values("t")}";

    /// <summary>A column of the key: the ids' null is 0 (a key column cannot be null and still meet its twin).</summary>
    private static string Key(string row, string column) => column.EndsWith("Id") && column != "StatusId" ? $"coalesce({row}.\"{column}\", 0)" : $"{row}.\"{column}\"";

    private static string Values(string row) => string.Join(", ", Columns.Select(c => Key(row, c)));

    private static string Match(string row) => string.Join(" AND ", Columns.Select(c => $"\"{c}\" = {Key(row, c)}"));

    private static string Changed => string.Join(" OR ", Columns.Select(c => $"OLD.\"{c}\" IS DISTINCT FROM NEW.\"{c}\""));

    private static string Add(string row) =>
        $"INSERT INTO \"{Table}\" VALUES ({Values(row)}, 1) ON CONFLICT ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) DO UPDATE SET \"Count\" = \"{Table}\".\"Count\" + 1;";

    private static string Remove(string row) => $"UPDATE \"{Table}\" SET \"Count\" = \"Count\" - 1 WHERE {Match(row)};";

    private static string CreateTable(string integer) =>
        $"CREATE TABLE IF NOT EXISTS \"{Table}\" (\"StatusId\" {integer} NOT NULL, \"ProductFamilyId\" {integer} NOT NULL, \"ProductId\" {integer} NOT NULL, " +
        $"\"BrandId\" {integer} NOT NULL, \"Warranty\" TEXT NOT NULL, \"AnalystId\" {integer} NOT NULL, \"Channel\" TEXT NOT NULL, \"Language\" TEXT NOT NULL, " +
        $"\"Count\" {integer} NOT NULL, PRIMARY KEY ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}))";

    private static readonly string[] SqliteSchema =
    [
        CreateTable("INTEGER") + " WITHOUT ROWID",
        $"CREATE TRIGGER IF NOT EXISTS facet_ticket_insert AFTER INSERT ON \"Tickets\" BEGIN {Add("NEW")} END",
        $"CREATE TRIGGER IF NOT EXISTS facet_ticket_update AFTER UPDATE OF {string.Join(", ", Columns.Select(c => $"\"{c}\""))} ON \"Tickets\" " +
        $"WHEN {Changed.Replace("IS DISTINCT FROM", "IS NOT")} BEGIN {Remove("OLD")} {Add("NEW")} END",
        $"CREATE TRIGGER IF NOT EXISTS facet_ticket_delete AFTER DELETE ON \"Tickets\" BEGIN {Remove("OLD")} END",
    ];

    // Two writers moving tickets between the same two combinations in opposite directions would each hold one row and
    // wait for the other's: the lower key is always taken first.
    private static readonly string[] PostgresSchema =
    [
        CreateTable("integer"),
        $"""
        CREATE OR REPLACE FUNCTION sav_facet_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN {Add("NEW")}
          ELSIF TG_OP = 'DELETE' THEN {Remove("OLD")}
          ELSIF {Changed} THEN
            IF ROW({Values("OLD")}) < ROW({Values("NEW")}) THEN {Remove("OLD")} {Add("NEW")}
            ELSE {Add("NEW")} {Remove("OLD")}
            END IF;
          END IF;
          RETURN NULL;
        END $$
        """,
        "DROP TRIGGER IF EXISTS facet_ticket ON \"Tickets\"",
        "CREATE TRIGGER facet_ticket AFTER INSERT OR UPDATE OR DELETE ON \"Tickets\" FOR EACH ROW EXECUTE FUNCTION sav_facet_counts()",
    ];
}
