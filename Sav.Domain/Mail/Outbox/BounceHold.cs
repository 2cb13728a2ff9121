using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Mail.Outbox;

/// <summary>The mark a bounce leaves on a contact's address: a permanent failure holds the outbox's mails to it; a mail
/// sent later, an analyst's resend or an edit of the address clears it.</summary>
public static class BounceHold
{
    private static readonly TimeZoneInfo Team = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Why a mail to the address must not leave, or null.</summary>
    public static async Task<string?> ReasonAsync(SavDbContext db, string recipient, CancellationToken ct)
    {
        var address = recipient.ToLowerInvariant();
        var mark = await db.Contacts.Where(c => c.Email.ToLower() == address && c.BouncePermanent && c.BouncedAt != null)
            .Select(c => new { c.BouncedAt, c.BounceReason }).FirstOrDefaultAsync(ct);
        if (mark is null) return null;
        var at = TimeZoneInfo.ConvertTime(mark.BouncedAt!.Value, Team).ToString("dd/MM/yyyy 'à' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        return $"Retenu : l'adresse {recipient} est en échec permanent depuis le {at} ({mark.BounceReason}). Corrigez l'adresse ou renvoyez le mail.";
    }

    /// <summary>Clears the mark of the address, in the caller's unit of work.</summary>
    public static async Task ClearAsync(SavDbContext db, string recipient, CancellationToken ct)
    {
        var address = recipient.ToLowerInvariant();
        foreach (var contact in await db.Contacts.Where(c => c.Email.ToLower() == address && c.BouncedAt != null).ToListAsync(ct))
        {
            contact.BouncedAt = null;
            contact.BounceReason = null;
            contact.BouncePermanent = false;
        }
    }
}
