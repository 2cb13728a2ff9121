using Microsoft.EntityFrameworkCore;
using Sav.Domain.Audit;
using Sav.Domain.Data;

namespace Sav.Domain.Sms;

/// <summary>Numbers that want no more text messages, recorded by an analyst (the customer said so on the phone, or by
/// mail) beside the ones OVH lists after a « STOP ».</summary>
public static class SmsOptOuts
{
    public static async Task<bool> IsOptedOutAsync(SavDbContext db, string? phone, CancellationToken cancellationToken = default) =>
        PhoneNumbers.FrenchMobile(phone) is { } number && await db.SmsOptOuts.AnyAsync(o => o.Number == number, cancellationToken);

    /// <summary>Records the ticket's contact's mobile as opted out, with a line in the ticket's history; false when the
    /// number is not a French mobile.</summary>
    public static async Task<bool> RecordAsync(SavDbContext db, int ticketId, string? phone, string actor, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        if (PhoneNumbers.FrenchMobile(phone) is not { } number) return false;
        if (!await db.SmsOptOuts.AnyAsync(o => o.Number == number, cancellationToken))
            db.SmsOptOuts.Add(new SmsOptOut { Number = number, At = now, Source = "Analyst" });
        db.AuditEntries.Add(new AuditEntry { TicketId = ticketId, At = now, Actor = actor, Field = "Sms", After = "OptOut" });
        // Whatever is still waiting for the number stays unsent.
        await db.SmsOutbox.Where(m => m.Recipient == number && m.State == SmsState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SmsState.Skipped).SetProperty(m => m.Error, "STOP"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
