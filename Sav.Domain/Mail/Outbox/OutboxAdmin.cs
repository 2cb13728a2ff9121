using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Audit;
using Sav.Domain.Data;

namespace Sav.Domain.Mail.Outbox;

public sealed record FailedMail(
    int Id, int? TicketId, string? TicketCode, string Template, string Recipient, string Subject,
    int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt);

public sealed record OutboxHealth(
    int Pending, int Failed, int SentLastMinute, int SentLastDay, int PerMinute, int PerDay, DateTimeOffset? OldestPendingSince);

public enum ResendOutcome { Resent, NotFound, NotFailed }

/// <summary>What the backoffice's "Mail health" page shows and does: failed mails, and sending one again.</summary>
public sealed class OutboxAdmin(IDbContextFactory<SavDbContext> dbFactory, IOptions<MailOptions> options, TimeProvider clock)
{
    /// <summary>Failed mails, the most recent first.</summary>
    public async Task<IReadOnlyList<FailedMail>> FailedAsync(int max = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OutboxMessages
            .Where(m => m.State == OutboxState.Failed)
            .OrderByDescending(m => m.Id)
            .Take(max)
            .Select(m => new FailedMail(m.Id, m.TicketId, m.Ticket != null ? m.Ticket.Code : null, m.Template, m.Recipient, m.Subject,
                m.Attempts, m.LastError, m.CreatedAt, m.LastAttemptAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<OutboxHealth> HealthAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var minuteAgo = now.AddMinutes(-1);
        var dayAgo = now.AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = db.OutboxMessages.Where(m => m.State == OutboxState.Pending);
        return new OutboxHealth(
            await pending.CountAsync(cancellationToken),
            await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Failed, cancellationToken),
            await db.OutboxMessages.CountAsync(m => m.SentAt > minuteAgo, cancellationToken),
            await db.OutboxMessages.CountAsync(m => m.SentAt > dayAgo, cancellationToken),
            options.Value.PerMinute,
            options.Value.PerDay,
            await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>Puts a failed mail back in the queue, due now with its attempts reset; the ticket's
    /// audit says which analyst did it.</summary>
    public async Task<ResendOutcome> ResendAsync(int id, string analystEmail, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (row is null) return ResendOutcome.NotFound;
        if (row.State != OutboxState.Failed) return ResendOutcome.NotFailed;
        var now = clock.GetUtcNow();
        if (row.TicketId is { } ticketId)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                // The interface words it: the error the mail failed with, the address it goes to again.
                TicketId = ticketId, At = now, Actor = analystEmail, Field = "Mail",
                Before = row.LastError is { } error ? (error.Length > 500 ? error[..500] : error) : null, After = row.Recipient, Reason = "Resent",
            });
        }
        // Sending again is the analyst's decision: an address held for a permanent failure is released.
        await BounceHold.ClearAsync(db, row.Recipient, cancellationToken);
        row.State = OutboxState.Pending;
        row.Attempts = 0;
        row.NextAttemptAt = now;
        row.ClaimedBy = null;
        row.ClaimedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return ResendOutcome.Resent;
    }
}
