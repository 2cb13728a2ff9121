using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Tickets;

/// <summary>The filters of the ticket list; <see cref="Main"/> (« État principal ») is every ticket not closed,
/// <see cref="Late"/> (« En retard ») the open tickets past a response deadline while their clock runs.</summary>
public enum TicketFilter { Main, All, Closed, WaitingOnCustomer, Mine, Late }

public enum TicketSort { Updated, Created, Code, Subject }

public sealed record TicketListRequest
{
    public TicketFilter Filter { get; init; } = TicketFilter.Main;
    /// <summary>The signed-in analyst, for <see cref="TicketFilter.Mine"/>.</summary>
    public int? AnalystId { get; init; }
    public string? Search { get; init; }
    public TicketSort Sort { get; init; } = TicketSort.Updated;
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
    /// <summary>The instant <see cref="TicketFilter.Late"/> compares deadlines with.</summary>
    public DateTimeOffset Now { get; init; }
}

public sealed record TicketRow(
    string Code, string StatusCode, string? ClientName, string? CustomerText,
    string? FamilyName, string? ProductName, string? FamilyText, string? ProductText,
    Warranty Warranty, string? ContactName, string Subject, string? AnalystName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Channel Channel)
{
    /// <summary>The linked client, or the organisation as the customer typed it.</summary>
    public string? Client => ClientName ?? CustomerText;

    /// <summary>Family and product from the catalogue, or the text given when they matched none.</summary>
    public string? Product => string.Join(" / ", new[] { FamilyName ?? FamilyText, ProductName ?? ProductText }
        .Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } text ? text : null;
}

/// <summary>One status of the list: its count under the filter, and the rows of the current page.</summary>
public sealed record TicketGroup(string StatusCode, string StatusLabel, int Count, IReadOnlyList<TicketRow> Rows, string? StatusLabelEn = null)
{
    public string Title => $"{StatusCode}. {StatusLabel} ({Count})";

    /// <summary>The title in English when asked and the status has an English label, else in French.</summary>
    public string TitleIn(string language) =>
        language == "en" && !string.IsNullOrEmpty(StatusLabelEn) ? $"{StatusCode}. {StatusLabelEn} ({Count})" : Title;
}

public sealed record TicketListPage(IReadOnlyList<TicketGroup> Groups, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The backoffice's ticket list, grouped by status in code order, paged and sorted in SQL.</summary>
public static class TicketList
{
    /// <summary>The filter on the ticket's own StatusId (the statuses, a few rows, given): an index covers it, where a
    /// condition on the status's category joined every ticket (375 ms for the first page at a million tickets).</summary>
    public static IQueryable<Ticket> Filter(IQueryable<Ticket> tickets, TicketFilter filter, int? analystId, IReadOnlyList<Status> statuses,
        DateTimeOffset now = default)
    {
        List<int> Ids(Func<StatusCategory, bool> category) => statuses.Where(s => category(s.Category)).Select(s => s.Id).ToList();
        var notClosed = Ids(c => c != StatusCategory.Closed);
        return filter switch
        {
            TicketFilter.Main => tickets.Where(t => notClosed.Contains(t.StatusId)),
            TicketFilter.Closed => tickets.Where(t => !notClosed.Contains(t.StatusId)),
            TicketFilter.WaitingOnCustomer => Ids(c => c == StatusCategory.WaitingOnCustomer) is var waiting ? tickets.Where(t => waiting.Contains(t.StatusId)) : tickets,
            TicketFilter.Mine when analystId is null => tickets.Where(t => false),
            TicketFilter.Mine => tickets.Where(t => t.AnalystId == analystId && notClosed.Contains(t.StatusId)),
            // The next deadline is kept only while the clock runs on an open ticket (Sla/SlaPolicy.cs): its index answers.
            TicketFilter.Late => tickets.Where(t => t.SlaDueAt < now),
            _ => tickets,
        };
    }

    public static async Task<int> CountAsync(SavDbContext db, TicketFilter filter, int? analystId = null, CancellationToken cancellationToken = default) =>
        await Filter(db.Tickets, filter, analystId, await db.Statuses.AsNoTracking().ToListAsync(cancellationToken)).CountAsync(cancellationToken);

    public static async Task<TicketListPage> LoadAsync(SavDbContext db, TicketListRequest request, CancellationToken cancellationToken = default)
    {
        var statuses = await db.Statuses.AsNoTracking().ToListAsync(cancellationToken);
        var tickets = Filter(db.Tickets, request.Filter, request.AnalystId, statuses, request.Now);
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var codes = TicketCode.Candidates(request.Search);
            // The words index: « ecran » finds « Écran noir », and what customers wrote in their replies.
            var words = Search.SearchWords.Of(request.Search);
            var matched = Search.TicketSearch.Matching(db, db.Tickets, words).Select(t => t.Id);
            tickets = words.Count == 0 ? tickets.Where(t => codes.Contains(t.Code)) : tickets.Where(t => codes.Contains(t.Code) || matched.Contains(t.Id));
        }

        var byId = statuses.ToDictionary(s => s.Id);
        // The late tickets come from the deadline's index, a few thousand at most: grouped in SQL, SQLite walked the status
        // index over the whole base instead, for its order (1.8 s at a million tickets; here from the index alone).
        var grouped = request.Filter == TicketFilter.Late
            ? (await tickets.Select(t => t.StatusId).ToListAsync(cancellationToken)).CountBy(id => id).Select(g => new { g.Key, Count = g.Value }).ToList()
            : await tickets.GroupBy(t => t.StatusId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var counts = grouped
            .Where(g => byId.ContainsKey(g.Key))
            .Select(g => new { byId[g.Key].Code, byId[g.Key].Label, byId[g.Key].LabelEn, g.Count }).ToList();
        var pageSize = Math.Clamp(request.PageSize, 1, 500);
        var page = Math.Max(0, request.Page);

        List<TicketRow> rows;
        if (request.Sort == TicketSort.Updated)
        {
            // Each status's slice of the page read on its own, through the (StatusId, UpdatedAt) index: the counts say
            // which statuses the page crosses and from where (68 ms for the first page at a million tickets against 375
            // ms sorting every open ticket on its status's code first).
            rows = [];
            var skip = page * pageSize;
            foreach (var status in counts.OrderBy(c => c.Code, StringComparer.Ordinal))
            {
                if (rows.Count == pageSize) break;
                if (skip >= status.Count) { skip -= status.Count; continue; }
                var id = statuses.First(s => s.Code == status.Code).Id;
                var inStatus = tickets.Where(t => t.StatusId == id);
                var ordered = request.Descending
                    ? inStatus.OrderByDescending(t => t.UpdatedAt).ThenBy(t => t.Code)
                    : inStatus.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Code);
                rows.AddRange(await ordered.Skip(skip).Take(pageSize - rows.Count).Select(Row).ToListAsync(cancellationToken));
                skip = 0;
            }
        }
        else
        {
            rows = await Sorted(tickets.OrderBy(t => t.Status.Code), request)
                .Skip(page * pageSize).Take(pageSize).Select(Row).ToListAsync(cancellationToken);
        }

        var groups = counts.OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new TicketGroup(c.Code, c.Label, c.Count, rows.Where(r => r.StatusCode == c.Code).ToList(), c.LabelEn))
            .Where(g => g.Rows.Count > 0)
            .ToList();
        return new TicketListPage(groups, counts.Sum(c => c.Count), page, pageSize);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Ticket, TicketRow>> Row = t => new TicketRow(
        t.Code, t.Status.Code, t.Client != null ? t.Client.Name : null, t.CustomerText,
        t.ProductFamily != null ? t.ProductFamily.Name : null, t.Product != null ? t.Product.Name : null,
        t.ProductFamilyText, t.ProductText, t.Warranty, t.Contact != null ? t.Contact.Name : null, t.Subject,
        t.Analyst != null ? t.Analyst.DisplayName : null, t.CreatedAt, t.UpdatedAt, t.Channel);

    private static IQueryable<Ticket> Sorted(IOrderedQueryable<Ticket> tickets, TicketListRequest request) =>
        (request.Sort, request.Descending) switch
        {
            (TicketSort.Created, false) => tickets.ThenBy(t => t.CreatedAt),
            (TicketSort.Created, true) => tickets.ThenByDescending(t => t.CreatedAt),
            (TicketSort.Code, false) => tickets.ThenBy(t => t.Code),
            (TicketSort.Code, true) => tickets.ThenByDescending(t => t.Code),
            (TicketSort.Subject, false) => tickets.ThenBy(t => t.Subject).ThenBy(t => t.Code),
            (TicketSort.Subject, true) => tickets.ThenByDescending(t => t.Subject).ThenBy(t => t.Code),
            (_, false) => tickets.ThenBy(t => t.UpdatedAt).ThenBy(t => t.Code),
            _ => tickets.ThenByDescending(t => t.UpdatedAt).ThenBy(t => t.Code),
        };
}
