using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Mail.Mailbox.MachineMail;

public sealed record BounceSeen(DateTimeOffset ReceivedAt, string? From, string? Recipient, string? Reason, bool Verified);

/// <summary>The delivery failures the sweep read, newest first: the verified ones changed the contact and the mail, the
/// others (« non vérifié ») changed nothing and wait for an analyst's judgement.</summary>
public static class RecentBounces
{
    public static async Task<IReadOnlyList<BounceSeen>> ListAsync(SavDbContext db, int take = 50, CancellationToken ct = default) =>
        await db.InboundMails.AsNoTracking().Where(m => m.BounceVerified != null)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(take)
            .Select(m => new BounceSeen(m.ReceivedAt, m.From, m.BounceRecipient, m.BounceReason, m.BounceVerified == true))
            .ToListAsync(ct);
}
