using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Mail.Outbox;

public sealed record FailedMail(int Id, string? TicketCode, string Template, string Recipient, string Subject, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>What an analyst can do about mails the dispatcher gave up on.</summary>
public static class OutboxAdmin
{
    public static Task<List<FailedMail>> FailedAsync(SavDbContext db, CancellationToken cancellationToken = default) =>
        db.OutboxMessages.Where(m => m.State == OutboxState.Failed)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => new FailedMail(m.Id, m.Ticket != null ? m.Ticket.Code : null, m.Template, m.Recipient, m.Subject, m.Attempts,
                m.CreatedAt, m.NextAttemptAt, m.LastError))
            .ToListAsync(cancellationToken);

    /// <summary>Puts a failed mail back in the queue for the next dispatch, with a fresh set of attempts.
    /// The last error stays visible until the mail is sent. Returns false when the mail is not failed
    /// (already resent, or sent meanwhile).</summary>
    public static async Task<bool> ResendAsync(SavDbContext db, int id, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is not { State: OutboxState.Failed }) return false;
        message.State = OutboxState.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = clock.GetUtcNow();
        message.ClaimedBy = null;
        message.ClaimedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
