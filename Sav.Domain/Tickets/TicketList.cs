using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Tickets;

/// <summary>The filters of the ticket list; <see cref="Main"/> (« État principal ») is every ticket not closed.</summary>
public enum TicketFilter { Main, All, Closed, WaitingOnCustomer, Mine }

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
    public static IQueryable<Ticket> Filter(IQueryable<Ticket> tickets, TicketFilter filter, int? analystId) => filter switch
    {
        TicketFilter.Main => tickets.Where(t => t.Status.Category != StatusCategory.Closed),
        TicketFilter.Closed => tickets.Where(t => t.Status.Category == StatusCategory.Closed),
        TicketFilter.WaitingOnCustomer => tickets.Where(t => t.Status.Category == StatusCategory.WaitingOnCustomer),
        TicketFilter.Mine when analystId is null => tickets.Where(t => false),
        TicketFilter.Mine => tickets.Where(t => t.AnalystId == analystId && t.Status.Category != StatusCategory.Closed),
        _ => tickets,
    };

    public static Task<int> CountAsync(SavDbContext db, TicketFilter filter, int? analystId = null, CancellationToken cancellationToken = default) =>
        Filter(db.Tickets, filter, analystId).CountAsync(cancellationToken);

    public static async Task<TicketListPage> LoadAsync(SavDbContext db, TicketListRequest request, CancellationToken cancellationToken = default)
    {
        var tickets = Filter(db.Tickets, request.Filter, request.AnalystId);
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var codes = TicketCode.Candidates(request.Search);
            // The words index: « ecran » finds « Écran noir », and what customers wrote in their replies.
            var words = Search.SearchWords.Of(request.Search);
            var matched = Search.TicketSearch.Matching(db, db.Tickets, words).Select(t => t.Id);
            tickets = words.Count == 0 ? tickets.Where(t => codes.Contains(t.Code)) : tickets.Where(t => codes.Contains(t.Code) || matched.Contains(t.Id));
        }

        var counts = await tickets.GroupBy(t => new { t.Status.Code, t.Status.Label, t.Status.LabelEn })
            .Select(g => new { g.Key.Code, g.Key.Label, g.Key.LabelEn, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var pageSize = Math.Clamp(request.PageSize, 1, 500);
        var page = Math.Max(0, request.Page);

        var rows = await Sorted(tickets.OrderBy(t => t.Status.Code), request)
            .Skip(page * pageSize).Take(pageSize)
            .Select(t => new TicketRow(
                t.Code, t.Status.Code, t.Client != null ? t.Client.Name : null, t.CustomerText,
                t.ProductFamily != null ? t.ProductFamily.Name : null, t.Product != null ? t.Product.Name : null,
                t.ProductFamilyText, t.ProductText, t.Warranty, t.Contact != null ? t.Contact.Name : null, t.Subject,
                t.Analyst != null ? t.Analyst.DisplayName : null, t.CreatedAt, t.UpdatedAt, t.Channel))
            .ToListAsync(cancellationToken);

        var groups = counts.OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new TicketGroup(c.Code, c.Label, c.Count, rows.Where(r => r.StatusCode == c.Code).ToList(), c.LabelEn))
            .Where(g => g.Rows.Count > 0)
            .ToList();
        return new TicketListPage(groups, counts.Sum(c => c.Count), page, pageSize);
    }

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
