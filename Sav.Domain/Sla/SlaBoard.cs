using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Sla;

/// <summary>Reads what the targets need for a page of tickets (their times, their status changes) and evaluates them.</summary>
public sealed class SlaBoard(WorkingCalendar calendar, TimeProvider clock)
{
    public WorkingCalendar Calendar => calendar;

    /// <summary>The lines of the tickets of <paramref name="codes"/> that have a target, by code.</summary>
    public async Task<IReadOnlyDictionary<string, SlaView>> ForCodesAsync(SavDbContext db, IReadOnlyCollection<string> codes,
        CancellationToken cancellationToken = default)
    {
        if (codes.Count == 0 || !await db.SlaTargets.AnyAsync(cancellationToken)) return new Dictionary<string, SlaView>();
        var list = codes.ToList();
        var ids = await db.Tickets.Where(t => list.Contains(t.Code)).Select(t => new { t.Id, t.Code }).ToDictionaryAsync(t => t.Id, t => t.Code, cancellationToken);
        var views = await ForAsync(db, ids.Keys, cancellationToken);
        return views.ToDictionary(v => ids[v.Key], v => v.Value);
    }

    /// <summary>The lines of the tickets that have a target; a ticket without one is left out.</summary>
    public async Task<IReadOnlyDictionary<int, SlaView>> ForAsync(SavDbContext db, IReadOnlyCollection<int> ticketIds, CancellationToken cancellationToken = default)
    {
        if (ticketIds.Count == 0) return new Dictionary<int, SlaView>();
        var targets = await db.SlaTargets.AsNoTracking().ToListAsync(cancellationToken);
        if (targets.Count == 0) return new Dictionary<int, SlaView>();
        var ids = ticketIds.ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.BrandId, t.Warranty, t.CreatedAt, t.FirstAnsweredAt, t.ClosedAt }).ToListAsync(cancellationToken);
        var waitingCodes = await db.Statuses.Where(s => s.Category == StatusCategory.WaitingOnCustomer || s.Category == StatusCategory.WaitingOnThirdParty)
            .Select(s => s.Code).ToListAsync(cancellationToken);
        var moves = (await db.AuditEntries.AsNoTracking().Where(a => ids.Contains(a.TicketId) && a.Field == "Status")
            .Select(a => new { a.TicketId, a.At, a.Id, a.After }).ToListAsync(cancellationToken)).ToLookup(a => a.TicketId);
        var now = clock.GetUtcNow();
        var views = new Dictionary<int, SlaView>();
        foreach (var ticket in tickets)
        {
            if (SlaPolicy.For(targets, ticket.BrandId, ticket.Warranty, ticket.CreatedAt) is not { } target) continue;
            var waiting = new List<(DateTimeOffset From, DateTimeOffset? To)>();
            DateTimeOffset? since = null;
            foreach (var move in moves[ticket.Id].OrderBy(m => m.At).ThenBy(m => m.Id))
            {
                // « c20. Attente précisions Demandeur »: the status's code leads what the history kept.
                var code = move.After?.Split(". ", 2)[0];
                var waits = code is not null && waitingCodes.Contains(code);
                if (waits && since is null) since = move.At;
                else if (!waits && since is { } from) (waiting, since) = ([.. waiting, (from, move.At)], null);
            }
            if (since is { } open) waiting.Add((open, null));
            views[ticket.Id] = SlaPolicy.Evaluate(target, new SlaFacts(ticket.CreatedAt, ticket.FirstAnsweredAt, ticket.ClosedAt, waiting), calendar, now);
        }
        return views;
    }
}
