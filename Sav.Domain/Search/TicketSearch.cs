using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Reports;
using Sav.Domain.Tickets;

namespace Sav.Domain.Search;

public sealed record SearchHit(int Id, string Code, string Subject, string StatusCode, string StatusLabel, StatusCategory Category,
    string? Client, string? Contact, string? Analyst, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Where the words matched, the matches between <see cref="MatchStart"/> and <see cref="MatchEnd"/>.</summary>
    public string? Snippet { get; init; }
    public const char MatchStart = '\u0002';
    public const char MatchEnd = '\u0003';
}

public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total, string? Next)
{
    /// <summary>The words are in more than <see cref="TicketSearch.ManyMatches"/> tickets: <see cref="Total"/> is that
    /// floor, and the newest come first (ranking them all would take seconds, and says little of so common a word).</summary>
    public bool Many { get; init; }
}

public sealed record FacetValue(string Key, string Label, int Count);

/// <summary>Each facet's values with how many tickets each would give, the other facets applied (APEX's faceted search).</summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetValue> Groups, IReadOnlyList<FacetValue> Statuses, IReadOnlyList<FacetValue> Families, IReadOnlyList<FacetValue> Products,
    IReadOnlyList<FacetValue> Brands, IReadOnlyList<FacetValue> Warranties, IReadOnlyList<FacetValue> Analysts, IReadOnlyList<FacetValue> Channels,
    IReadOnlyList<FacetValue> Languages, IReadOnlyList<FacetValue> Created, IReadOnlyList<FacetValue> Updated)
{
    /// <summary>The chosen clients (a client is picked by name, never listed among thousands), each with its count.</summary>
    public IReadOnlyList<FacetValue> Clients { get; init; } = [];
}

/// <summary>Runs « Recherche »: the words through the index (<see cref="SearchIndex"/>), the facets as filters, keyset
/// paging (never an offset over a million rows), facet counts, and the export's rows as a stream.</summary>
public sealed partial class TicketSearch(IDbContextFactory<SavDbContext> dbFactory, TeamTime time)
{
    public TeamTime Time => time;

    /// <summary>Beyond this many tickets holding the words, they are not ranked but given newest first.</summary>
    public int ManyMatches { get; init; } = 10_000;

    private sealed record Ranked(int TicketId, double Rank);

    /// <summary>Tickets whose indexed text holds every word (as a prefix); all of them when no word was typed.</summary>
    public static IQueryable<Ticket> Matching(SavDbContext db, IQueryable<Ticket> tickets, IReadOnlyList<string> words)
    {
        if (words.Count == 0) return tickets;
        var ids = MatchIds(db, words);
        return tickets.Where(t => ids.Contains(t.Id));
    }

    /// <summary>The ids of the tickets holding every word, in the index's order (by id, on SQLite).</summary>
    private static IQueryable<int> MatchIds(SavDbContext db, IReadOnlyList<string> words) => db.IsSqlite
        ? db.Database.SqlQueryRaw<int>($"SELECT rowid AS \"Value\" FROM \"{SearchIndex.Table}\" WHERE \"{SearchIndex.Table}\" MATCH {{0}}", SearchWords.ForSqlite(words))
        : db.Database.SqlQueryRaw<int>($"SELECT \"TicketId\" AS \"Value\" FROM \"{SearchIndex.Table}\" WHERE \"Document\" @@ to_tsquery('simple', {{0}})", SearchWords.ForPostgres(words));

    /// <summary>Whether more than <see cref="ManyMatches"/> tickets hold the words (the index alone, stopping there).</summary>
    private async Task<bool> IsManyAsync(SavDbContext db, IReadOnlyList<string> words, CancellationToken ct) =>
        await (db.IsSqlite
            ? db.Database.SqlQueryRaw<int>($"SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM \"{SearchIndex.Table}\" WHERE \"{SearchIndex.Table}\" MATCH {{0}} LIMIT {{1}}) x",
                SearchWords.ForSqlite(words), ManyMatches + 1)
            : db.Database.SqlQueryRaw<int>($"SELECT count(*)::int AS \"Value\" FROM (SELECT 1 FROM \"{SearchIndex.Table}\" WHERE \"Document\" @@ to_tsquery('simple', {{0}}) LIMIT {{1}}) x",
                SearchWords.ForPostgres(words), ManyMatches + 1)).SingleAsync(ct) > ManyMatches;

    private static IQueryable<Ranked> Ranks(SavDbContext db, IReadOnlyList<string> words) => db.IsSqlite
        // bm25 is lower for better matches; the code and the subject weigh most, then people and references.
        ? db.Database.SqlQueryRaw<Ranked>($"SELECT rowid AS \"TicketId\", -bm25(\"{SearchIndex.Table}\", 10.0, 5.0, 1.0, 3.0, 3.0) AS \"Rank\" FROM \"{SearchIndex.Table}\" WHERE \"{SearchIndex.Table}\" MATCH {{0}}", SearchWords.ForSqlite(words))
        : db.Database.SqlQueryRaw<Ranked>($"SELECT \"TicketId\", ts_rank(\"Document\", to_tsquery('simple', {{0}}))::float8 AS \"Rank\" FROM \"{SearchIndex.Table}\" WHERE \"Document\" @@ to_tsquery('simple', {{0}})", SearchWords.ForPostgres(words));

    /// <summary>The tickets the request selects, every facet applied but <paramref name="except"/> (for its counts).</summary>
    /// <remarks>Statuses and their groups are a few rows, read first: the tickets are filtered on their own StatusId,
    /// which an index covers, rather than through a join for each ticket (6.9 s for three facets at a million tickets).</remarks>
    /// <param name="facetsInMemory">Leaves out the facets the caller counts in memory (all but clients and periods; named
    /// periods too when <see cref="NamedPeriods"/>).</param>
    /// <param name="matchWords">False: the caller joins the words' matches itself.</param>
    private IQueryable<Ticket> Filter(SavDbContext db, SearchRequest r, IReadOnlyList<Status> statuses, string? except = null, bool facetsInMemory = false,
        bool matchWords = true)
    {
        var tickets = matchWords ? Matching(db, db.Tickets.AsNoTracking(), SearchWords.Of(r.Words)) : db.Tickets.AsNoTracking();
        if (facetsInMemory) return NamedPeriods(r) ? Clients(tickets, r) : Periods(Clients(tickets, r), r, except);
        tickets = Clients(tickets, r);
        if (except != "status" && r.Statuses.Count > 0)
        {
            var ids = statuses.Where(s => r.Statuses.Contains(s.Code)).Select(s => s.Id).ToList();
            tickets = tickets.Where(t => ids.Contains(t.StatusId));
        }
        if (except != "group" && r.Groups.Count > 0)
        {
            var ids = statuses.Where(s => r.Groups.Contains(s.Category)).Select(s => s.Id).ToList();
            tickets = tickets.Where(t => ids.Contains(t.StatusId));
        }
        if (except != "family" && r.Families.Count > 0) tickets = tickets.Where(t => t.ProductFamilyId != null && r.Families.Contains(t.ProductFamilyId.Value));
        if (except != "product" && r.Products.Count > 0) tickets = tickets.Where(t => t.ProductId != null && r.Products.Contains(t.ProductId.Value));
        if (except != "brand" && r.Brands.Count > 0) tickets = tickets.Where(t => t.BrandId != null && r.Brands.Contains(t.BrandId.Value));
        if (except != "warranty" && r.Warranties.Count > 0) tickets = tickets.Where(t => r.Warranties.Contains(t.Warranty));
        if (except != "analyst" && r.Analysts.Count > 0)
        {
            var unassigned = r.Analysts.Contains(0);
            tickets = tickets.Where(t => (unassigned && t.AnalystId == null) || (t.AnalystId != null && r.Analysts.Contains(t.AnalystId.Value)));
        }
        if (except != "channel" && r.Channels.Count > 0) tickets = tickets.Where(t => r.Channels.Contains(t.Channel));
        if (except != "lang" && r.Languages.Count > 0) tickets = tickets.Where(t => r.Languages.Contains(t.Language));
        return Periods(tickets, r, except);
    }

    /// <summary>No period chosen but named ones (today, 7 days…), which combinations can carry as bits.</summary>
    private static bool NamedPeriods(SearchRequest r) =>
        (r.Created is null || SearchPeriod.Named.Contains(r.Created.Key)) && (r.Updated is null || SearchPeriod.Named.Contains(r.Updated.Key));

    private static IQueryable<Ticket> Clients(IQueryable<Ticket> tickets, SearchRequest r) =>
        r.Clients.Count > 0 ? tickets.Where(t => t.ClientId != null && r.Clients.Contains(t.ClientId.Value)) : tickets;

    private IQueryable<Ticket> Periods(IQueryable<Ticket> tickets, SearchRequest r, string? except)
    {
        if (except != "created" && r.Created is { } created)
        {
            var (from, to) = Bounds(created);
            if (from is { } f) tickets = tickets.Where(t => t.CreatedAt >= f);
            if (to is { } u) tickets = tickets.Where(t => t.CreatedAt < u);
        }
        if (except != "updated" && r.Updated is { } updated)
        {
            var (from, to) = Bounds(updated);
            if (from is { } f) tickets = tickets.Where(t => t.UpdatedAt >= f);
            if (to is { } u) tickets = tickets.Where(t => t.UpdatedAt < u);
        }
        return tickets;
    }

    private (DateTimeOffset? From, DateTimeOffset? To) Bounds(SearchPeriod period) =>
        (period.From is { } from ? time.StartOf(from) : null, period.To is { } to ? time.StartOf(to.AddDays(1)) : null);

    private static readonly System.Linq.Expressions.Expression<Func<Ticket, SearchHit>> Hit = t => new SearchHit(
        t.Id, t.Code, t.Subject, t.Status.Code, t.Status.Label, t.Status.Category,
        t.Client != null ? t.Client.Name : t.CustomerText, t.Contact != null ? t.Contact.Name : null,
        t.Analyst != null ? t.Analyst.DisplayName : null, t.CreatedAt, t.UpdatedAt);

    public async Task<SearchResults> SearchAsync(SearchRequest r, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var words = SearchWords.Of(r.Words);
        var statuses = await db.Statuses.AsNoTracking().ToListAsync(ct);
        var size = Math.Clamp(r.PageSize, 1, 200);
        if (words.Count > 0 && await IsManyAsync(db, words, ct)) return await NewestAsync(db, r, statuses, words, size, ct);
        var tickets = Filter(db, r, statuses);
        // Without words, clients or periods the count is the kept combinations' (PostgreSQL counted a million rows: 168 ms).
        var total = words.Count == 0 && r.Clients.Count == 0 && r.Created is null && r.Updated is null
            ? await FacetCounts.CountAsync(db, r, statuses, ct)
            : await tickets.CountAsync(ct);
        List<(SearchHit Hit, string Key)> page;
        if (words.Count > 0 && r.Sort == SearchSort.Relevance)
        {
            // The ranked matches drive the join: the other way round, SQLite ranked every match again for each ticket
            // (3.9 s for a customer's e-mail at a million tickets).
            var ranked = from s in Ranks(db, words) join t in Filter(db, r, statuses, matchWords: false) on s.TicketId equals t.Id select new { s.Rank, t.Id };
            if (Cursor(r.After, 'r') is { } after)
            {
                var (rank, id) = (double.Parse(after.Value, CultureInfo.InvariantCulture), after.Id);
                ranked = ranked.Where(x => x.Rank < rank || (x.Rank == rank && x.Id < id));
            }
            var rows = await ranked.OrderByDescending(x => x.Rank).ThenByDescending(x => x.Id).Take(size + 1).ToListAsync(ct);
            var hits = await HitsAsync(db, rows.Select(x => x.Id).ToList(), ct);
            page = rows.Where(x => hits.ContainsKey(x.Id))
                .Select(x => (hits[x.Id], $"r:{x.Rank.ToString("R", CultureInfo.InvariantCulture)}:{x.Id}")).ToList();
        }
        else
        {
            var created = r.Sort == SearchSort.Created;
            var mark = created ? 'c' : 'u';
            if (Cursor(r.After, mark) is { } after)
            {
                var at = new DateTimeOffset(long.Parse(after.Value, CultureInfo.InvariantCulture), TimeSpan.Zero);
                tickets = created
                    ? tickets.Where(t => t.CreatedAt < at || (t.CreatedAt == at && t.Id < after.Id))
                    : tickets.Where(t => t.UpdatedAt < at || (t.UpdatedAt == at && t.Id < after.Id));
            }
            // Every status named lets the (status, last update) index give each status's latest, merged: without it a
            // million tickets are sorted (160 ms).
            if (!created && words.Count == 0 && r.Statuses.Count == 0 && r.Groups.Count == 0)
            {
                var all = statuses.Select(s => s.Id).ToList();
                tickets = tickets.Where(t => all.Contains(t.StatusId));
            }
            var ordered = created ? tickets.OrderByDescending(t => t.CreatedAt) : tickets.OrderByDescending(t => t.UpdatedAt);
            var rows = await ordered.ThenByDescending(t => t.Id).Take(size + 1).Select(Hit).ToListAsync(ct);
            page = rows.Select(h => (h, $"{mark}:{(created ? h.CreatedAt : h.UpdatedAt).UtcTicks.ToString(CultureInfo.InvariantCulture)}:{h.Id}")).ToList();
        }
        var next = page.Count > size ? page[size - 1].Key : null;
        var shown = page.Take(size).Select(p => p.Hit).ToList();
        if (words.Count > 0 && shown.Count > 0) shown = await WithSnippetsAsync(db, shown, words, ct);
        return new SearchResults(shown, total, next);
    }

    /// <summary>Words in more than <see cref="ManyMatches"/> tickets: the newest first, read in the index's own order
    /// and stopped at the page (35 ms for « ecran », in 428,000 of a million tickets), the count stopped at the floor.</summary>
    private async Task<SearchResults> NewestAsync(SavDbContext db, SearchRequest r, IReadOnlyList<Status> statuses, IReadOnlyList<string> words, int size,
        CancellationToken ct)
    {
        var tickets = Filter(db, r, statuses, matchWords: false);
        var total = await (from id in MatchIds(db, words) join t in tickets on id equals t.Id select id).Take(ManyMatches + 1).CountAsync(ct);
        // The index's ids, newest first, a batch at a time, each batch kept to the tickets the facets select: EF Core's
        // join casts the index's rowid, and SQLite then sorted every match (420 ms for « ecran »).
        var ids = new List<int>();
        var before = Cursor(r.After, 'n')?.Id ?? int.MaxValue;
        for (var batch = 256; ids.Count <= size && before > 0; batch = Math.Min(batch * 4, 16_384))
        {
            var candidates = await NewestIdsAsync(db, words, before, batch, ct);
            if (candidates.Count == 0) break;
            before = candidates[^1];
            var kept = (await tickets.Where(t => candidates.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
            ids.AddRange(candidates.Where(kept.Contains));
            if (candidates.Count < batch) break;
        }
        ids = ids.Take(size + 1).ToList();
        var hits = await HitsAsync(db, ids, ct);
        var page = ids.Where(hits.ContainsKey).Select(id => hits[id]).ToList();
        var next = page.Count > size ? $"n:0:{page[size - 1].Id.ToString(CultureInfo.InvariantCulture)}" : null;
        var shown = page.Take(size).ToList();
        if (shown.Count > 0) shown = await WithSnippetsAsync(db, shown, words, ct);
        return new SearchResults(shown, Math.Min(total, ManyMatches), next) { Many = total > ManyMatches };
    }

    private static async Task<List<int>> NewestIdsAsync(SavDbContext db, IReadOnlyList<string> words, int before, int count, CancellationToken ct) =>
        await (db.IsSqlite
            ? db.Database.SqlQueryRaw<int>($"SELECT rowid AS \"Value\" FROM \"{SearchIndex.Table}\" WHERE \"{SearchIndex.Table}\" MATCH {{0}} AND rowid < {{1}} ORDER BY rowid DESC LIMIT {{2}}",
                SearchWords.ForSqlite(words), before, count)
            : db.Database.SqlQueryRaw<int>($"SELECT \"TicketId\" AS \"Value\" FROM \"{SearchIndex.Table}\" WHERE \"Document\" @@ to_tsquery('simple', {{0}}) AND \"TicketId\" < {{1}} ORDER BY \"TicketId\" DESC LIMIT {{2}}",
                SearchWords.ForPostgres(words), before, count)).ToListAsync(ct);

    private static async Task<Dictionary<int, SearchHit>> HitsAsync(SavDbContext db, List<int> ids, CancellationToken ct) =>
        await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(Hit).ToDictionaryAsync(h => h.Id, ct);

    private static (string Value, int Id)? Cursor(string? after, char mark)
    {
        var parts = after?.Split(':');
        if (parts is not { Length: 3 } || parts[0] != mark.ToString() || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        if (mark == 'r' ? !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _) : !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return null;
        return (parts[1], id);
    }

    private sealed record Snippet(int TicketId, string Text);

    private static async Task<List<SearchHit>> WithSnippetsAsync(SavDbContext db, List<SearchHit> hits, IReadOnlyList<string> words, CancellationToken ct)
    {
        // Integers the database gave: nothing typed reaches the SQL but through the parameter.
        var ids = string.Join(',', hits.Select(h => h.Id.ToString(CultureInfo.InvariantCulture)));
        // FTS5 reads the matches of the page's range once, and makes a snippet for the page's own: with the ids as a
        // constraint it ran the whole query again for each (3.1 s for a customer's e-mail, 1.7 s for a common word).
        var (low, high) = (hits.Min(h => h.Id), hits.Max(h => h.Id));
#pragma warning disable EF1002
        var snippets = db.IsSqlite
            ? await db.Database.SqlQueryRaw<Snippet>($"SELECT \"TicketId\", \"Text\" FROM (SELECT rowid AS \"TicketId\", CASE WHEN rowid IN ({ids}) THEN snippet(\"{SearchIndex.Table}\", -1, char(2), char(3), '…', 14) END AS \"Text\" FROM \"{SearchIndex.Table}\" WHERE \"{SearchIndex.Table}\" MATCH {{0}} AND rowid BETWEEN {low} AND {high}) x WHERE \"Text\" IS NOT NULL", SearchWords.ForSqlite(words)).ToListAsync(ct)
            : await db.Database.SqlQueryRaw<Snippet>($"SELECT t.\"Id\" AS \"TicketId\", ts_headline('simple', unaccent(t.\"Subject\" || ' ' || coalesce(t.\"Description\", '')), to_tsquery('simple', {{0}}), 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=10') AS \"Text\" FROM \"Tickets\" t WHERE t.\"Id\" IN ({ids})", SearchWords.ForPostgres(words)).ToListAsync(ct);
#pragma warning restore EF1002
        var byId = snippets.GroupBy(s => s.TicketId).ToDictionary(g => g.Key, g => g.First().Text);
        return hits.Select(h => byId.TryGetValue(h.Id, out var text) ? h with { Snippet = text } : h).ToList();
    }

    public sealed record ExportRow(string Code, string Subject, string Status, string? Client, string? Contact, string? Email, string? Family,
        string? Product, string? Analyst, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>Every ticket the search selects, newest update first, read as a stream: memory stays flat for any count.</summary>
    public async IAsyncEnumerable<ExportRow> ExportAsync(SearchRequest r, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Filter(db, r, await db.Statuses.AsNoTracking().ToListAsync(ct)).OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id).Select(t => new ExportRow(
            t.Code, t.Subject, t.Status.Code + ". " + t.Status.Label, t.Client != null ? t.Client.Name : t.CustomerText,
            t.Contact != null ? t.Contact.Name : null, t.Contact != null ? t.Contact.Email : null,
            t.ProductFamily != null ? t.ProductFamily.Name : t.ProductFamilyText, t.Product != null ? t.Product.Name : t.ProductText,
            t.Analyst != null ? t.Analyst.DisplayName : null, t.CreatedAt, t.UpdatedAt)).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct)) yield return row;
    }
}
