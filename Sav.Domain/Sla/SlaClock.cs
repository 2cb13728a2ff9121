using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Sla;

/// <summary>
/// Keeps each ticket's response target where it stands as the ticket is saved, wherever it changed: a ticket added
/// gets the target in force at its opening, a first answer, a wait starting or ending, a closing or a reopening move
/// its instants (<see cref="SlaPolicy"/>). The instant of a status change is the ticket's <see cref="Ticket.UpdatedAt"/>,
/// which every change sets. Openings from the public forms are written without EF Core and get theirs from
/// <see cref="TicketOpener"/>.
/// </summary>
public sealed class SlaClock(WorkingCalendar calendar) : SaveChangesInterceptor
{
    public WorkingCalendar Calendar => calendar;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SavDbContext db) await StampAsync(db, sync: false, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is SavDbContext db) StampAsync(db, sync: true, default).GetAwaiter().GetResult();
        return result;
    }

    private async Task StampAsync(SavDbContext db, bool sync, CancellationToken cancellationToken)
    {
        var tickets = db.ChangeTracker.Entries<Ticket>()
            .Where(e => e.State == EntityState.Modified ? e.Entity.SlaTargetId is not null : e.State == EntityState.Added && e.Entity.SlaTargetId is null)
            .ToList();
        if (tickets.Count == 0) return;

        List<SlaTarget>? targets = null;
        Dictionary<int, bool>? waits = null;
        async Task<bool> Waits(int statusId)
        {
            if (waits is null)
            {
                var query = db.Statuses.AsNoTracking().Select(s => new { s.Id, s.Category });
                var categories = sync ? query.ToList() : await query.ToListAsync(cancellationToken);
                waits = categories.ToDictionary(s => s.Id, s => s.Category is StatusCategory.WaitingOnCustomer or StatusCategory.WaitingOnThirdParty);
                // A status added in this unit of work.
                foreach (var added in db.ChangeTracker.Entries<Status>())
                    waits.TryAdd(added.Entity.Id, added.Entity.Category is StatusCategory.WaitingOnCustomer or StatusCategory.WaitingOnThirdParty);
            }
            return waits.GetValueOrDefault(statusId);
        }

        foreach (var entry in tickets)
        {
            var ticket = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                if (targets is null)
                {
                    var query = db.SlaTargets.AsNoTracking();
                    targets = sync ? query.ToList() : await query.ToListAsync(cancellationToken);
                }
                if (SlaPolicy.For(targets, ticket.BrandId, ticket.Warranty, ticket.CreatedAt) is not { } target) continue;
                SlaPolicy.Start(ticket, SlaPolicy.Dues(target, ticket.CreatedAt, calendar));
                // A ticket written whole (the demo's) may already wait.
                if (await Waits(StatusIdOf(ticket))) SlaPolicy.Pause(ticket, ticket.UpdatedAt);
                continue;
            }

            var answered = entry.Property(t => t.FirstAnsweredAt);
            if (answered.OriginalValue is null && ticket.FirstAnsweredAt is not null) SlaPolicy.Answered(ticket, calendar);
            var status = entry.Property(t => t.StatusId);
            var (before, after) = (status.OriginalValue, StatusIdOf(ticket));
            if (before != after)
            {
                var (waited, waiting) = (await Waits(before), await Waits(after));
                if (waited && !waiting) SlaPolicy.Resume(ticket, ticket.UpdatedAt, calendar);
                else if (!waited && waiting) SlaPolicy.Pause(ticket, ticket.UpdatedAt);
            }
            SlaPolicy.Refresh(ticket);
        }
    }

    /// <summary>The status the ticket moves to: the navigation when it was set, its key otherwise.</summary>
    private static int StatusIdOf(Ticket ticket) => ticket.Status is { Id: not 0 } status ? status.Id : ticket.StatusId;
}
