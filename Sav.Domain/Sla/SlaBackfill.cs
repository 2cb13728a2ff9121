using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Sla;

/// <summary>Gives the tickets opened under a target before tickets kept where they stand (<see cref="SlaClock"/>) their
/// instants, replaying their first answer and their status history; once per database (a counter marks it done).</summary>
public static class SlaBackfill
{
    public const string DoneMarker = "sla-backfill";
    private const int Batch = 500;

    public static async Task RunAsync(SavDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.Counters.AnyAsync(c => c.Name == DoneMarker, cancellationToken)) return;
        var targets = await db.SlaTargets.AsNoTracking().ToListAsync(cancellationToken);
        if (targets.Count > 0) await ReplayAsync(db, targets, CalendarOf(db), cancellationToken);
        db.Counters.Add(new Counter { Name = DoneMarker, Value = 1 });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The calendar the context times targets with.</summary>
    public static WorkingCalendar CalendarOf(SavDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SlaClock>().FirstOrDefault()?.Calendar
        ?? WorkingCalendar.Default;

    private static async Task ReplayAsync(SavDbContext db, List<SlaTarget> targets, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var since = targets.Min(t => t.ValidFrom);
        // « c20. Attente précisions Demandeur »: the status's code leads what the history kept.
        var waitingCodes = (await db.Statuses.Where(s => s.Category == StatusCategory.WaitingOnCustomer || s.Category == StatusCategory.WaitingOnThirdParty)
            .Select(s => s.Code).ToListAsync(cancellationToken)).ToHashSet();
        var lastId = 0;
        while (true)
        {
            var tickets = await db.Tickets.Where(t => t.SlaTargetId == null && t.CreatedAt >= since && t.Id > lastId)
                .OrderBy(t => t.Id).Take(Batch).ToListAsync(cancellationToken);
            if (tickets.Count == 0) return;
            lastId = tickets[^1].Id;
            var ids = tickets.Select(t => t.Id).ToList();
            var moves = (await db.AuditEntries.AsNoTracking().Where(a => ids.Contains(a.TicketId) && a.Field == "Status")
                .Select(a => new { a.TicketId, a.At, a.Id, a.After }).ToListAsync(cancellationToken)).ToLookup(a => a.TicketId);
            foreach (var ticket in tickets)
            {
                if (SlaPolicy.For(targets, ticket.BrandId, ticket.Warranty, ticket.CreatedAt) is not { } target) continue;
                var (answeredAt, closedAt) = (ticket.FirstAnsweredAt, ticket.ClosedAt);
                (ticket.FirstAnsweredAt, ticket.ClosedAt) = (null, null);
                SlaPolicy.Start(ticket, SlaPolicy.Dues(target, ticket.CreatedAt, calendar));
                foreach (var move in moves[ticket.Id].OrderBy(m => m.At).ThenBy(m => m.Id))
                {
                    if (answeredAt is { } answered && ticket.FirstAnsweredAt is null && answered <= move.At) Answer(ticket, answered, calendar);
                    if (move.After?.Split(". ", 2)[0] is { } code && waitingCodes.Contains(code)) SlaPolicy.Pause(ticket, move.At);
                    else SlaPolicy.Resume(ticket, move.At, calendar);
                }
                if (answeredAt is { } last && ticket.FirstAnsweredAt is null) Answer(ticket, last, calendar);
                ticket.ClosedAt = closedAt;
                SlaPolicy.Refresh(ticket);
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static void Answer(Ticket ticket, DateTimeOffset at, WorkingCalendar calendar)
    {
        ticket.FirstAnsweredAt = at;
        SlaPolicy.Answered(ticket, calendar);
    }
}
