using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Clients;

public sealed record ClientSummary(int Id, string Name, string? ErpId, string? Address, string? Phone, string? EmailDomain, int Contacts, int OpenTickets)
{
    /// <summary>The ERP's side of the client (its details page): when it was last read, since when the ERP no longer
    /// lists it, its other fields by French label (JSON).</summary>
    public DateTimeOffset? ErpSyncedAt { get; init; }
    public DateTimeOffset? ErpRemovedAt { get; init; }
    public string? ErpExtra { get; init; }

    public string Label => ErpId is null ? Name : $"{Name} ({ErpId})";
}

public sealed record ClientContactLine(int Id, string Name, string Email, string? Phone);

public sealed record ClientTicketLine(string Code, string Subject, string StatusCode, string StatusLabel, DateTimeOffset UpdatedAt);

public sealed record ClientDetails(ClientSummary Client, IReadOnlyList<ClientContactLine> Contacts, IReadOnlyList<ClientTicketLine> Tickets);

/// <summary>Finding clients by name, ERP id, e-mail domain or contact, ignoring case.</summary>
public static class ClientSearch
{
    public static IQueryable<Client> Matching(IQueryable<Client> clients, string? term)
    {
        if (string.IsNullOrWhiteSpace(term)) return clients;
        // lower() on both sides: SQLite's instr() is case-sensitive, and PostgreSQL's lower() also folds accented capitals.
        var key = term.Trim().ToLowerInvariant();
        return clients.Where(c => c.Name.ToLower().Contains(key) || (c.ErpId != null && c.ErpId.ToLower() == key)
            || (c.EmailDomain != null && c.EmailDomain.ToLower().Contains(key))
            || c.Contacts.Any(p => p.Name.ToLower().Contains(key) || p.Email.ToLower().Contains(key)));
    }

    public static Task<List<ClientSummary>> SearchAsync(SavDbContext db, string? term, int skip = 0, int take = 50,
        CancellationToken cancellationToken = default) =>
        Matching(db.Clients, term).OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(skip).Take(take)
            .Select(c => new ClientSummary(c.Id, c.Name, c.ErpId, c.Address, c.Phone, c.EmailDomain, c.Contacts.Count,
                db.Tickets.Count(t => t.ClientId == c.Id && t.Status.Category != StatusCategory.Closed)))
            .ToListAsync(cancellationToken);

    public static Task<int> CountAsync(SavDbContext db, string? term, CancellationToken cancellationToken = default) =>
        Matching(db.Clients, term).CountAsync(cancellationToken);

    public static async Task<ClientDetails?> DetailsAsync(SavDbContext db, int id, CancellationToken cancellationToken = default)
    {
        var client = await db.Clients.Where(c => c.Id == id)
            .Select(c => new ClientSummary(c.Id, c.Name, c.ErpId, c.Address, c.Phone, c.EmailDomain, c.Contacts.Count,
                db.Tickets.Count(t => t.ClientId == c.Id && t.Status.Category != StatusCategory.Closed))
                { ErpSyncedAt = c.ErpSyncedAt, ErpRemovedAt = c.ErpRemovedAt, ErpExtra = c.ErpExtra })
            .SingleOrDefaultAsync(cancellationToken);
        if (client is null) return null;
        var contacts = await db.Contacts.Where(c => c.ClientId == id).OrderBy(c => c.Name)
            .Select(c => new ClientContactLine(c.Id, c.Name, c.Email, c.Phone)).ToListAsync(cancellationToken);
        var tickets = await db.Tickets.Where(t => t.ClientId == id).OrderByDescending(t => t.UpdatedAt)
            .Select(t => new ClientTicketLine(t.Code, t.Subject, t.Status.Code, t.Status.Label, t.UpdatedAt)).ToListAsync(cancellationToken);
        return new ClientDetails(client, contacts, tickets);
    }
}
