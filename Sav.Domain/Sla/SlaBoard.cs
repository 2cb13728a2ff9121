using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Sla;

/// <summary>Where tickets stand against their response targets, read from what each ticket keeps (<see cref="SlaClock"/>).</summary>
public sealed class SlaBoard(WorkingCalendar calendar, TimeProvider clock)
{
    /// <summary>The lines of the tickets of <paramref name="codes"/> that have a target, by code.</summary>
    public async Task<IReadOnlyDictionary<string, SlaView>> ForCodesAsync(SavDbContext db, IReadOnlyCollection<string> codes,
        CancellationToken cancellationToken = default)
    {
        if (codes.Count == 0) return new Dictionary<string, SlaView>();
        var list = codes.ToList();
        return await ViewsAsync(db, db.Tickets.Where(t => list.Contains(t.Code) && t.SlaTargetId != null), t => t.Code, cancellationToken);
    }

    /// <summary>The lines of the tickets that have a target; a ticket without one is left out.</summary>
    public async Task<IReadOnlyDictionary<int, SlaView>> ForAsync(SavDbContext db, IReadOnlyCollection<int> ticketIds,
        CancellationToken cancellationToken = default)
    {
        if (ticketIds.Count == 0) return new Dictionary<int, SlaView>();
        var ids = ticketIds.ToList();
        return await ViewsAsync(db, db.Tickets.Where(t => ids.Contains(t.Id) && t.SlaTargetId != null), t => t.Id, cancellationToken);
    }

    /// <summary>How many open tickets are past a deadline while their clock runs: the menu's count, from its index.</summary>
    public Task<int> LateCountAsync(SavDbContext db, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return db.Tickets.CountAsync(t => t.SlaDueAt < now, cancellationToken);
    }

    private async Task<IReadOnlyDictionary<TKey, SlaView>> ViewsAsync<TKey>(SavDbContext db, IQueryable<Ticket> tickets,
        Func<Row, TKey> key, CancellationToken cancellationToken) where TKey : notnull
    {
        var rows = await tickets.AsNoTracking()
            .Select(t => new Row(t.Id, t.Code, t.SlaTargetId!.Value, new SlaFacts(t.AnswerDueAt, t.CloseDueAt, t.SlaPausedAt, t.FirstAnsweredAt, t.ClosedAt)))
            .ToListAsync(cancellationToken);
        if (rows.Count == 0) return new Dictionary<TKey, SlaView>();
        var targetIds = rows.Select(r => r.TargetId).Distinct().ToList();
        var targets = await db.SlaTargets.AsNoTracking().Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var now = clock.GetUtcNow();
        return rows.ToDictionary(key, r => SlaPolicy.View(targets[r.TargetId], r.Facts, calendar, now));
    }

    private sealed record Row(int Id, string Code, int TargetId, SlaFacts Facts);
}
