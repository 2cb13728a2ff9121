using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;

namespace Sav.Domain.Mail.Mailbox.MachineMail;

/// <summary>Ties a delivery failure to the Sav mail that came back and tells the ticket. Sav's mailbox is public: anyone
/// can write a « delivery failure » naming a customer's address, so a bounce changes something only when it proves it
/// answers one of Sav's own mails: the original's Message-ID (unguessable) quoted in the report or in its In-Reply-To or
/// References, or a verified context (code and control) in the quoted subject. Then the mail's own recipient is marked
/// (never an address the report merely names), and a permanent failure marks the outbox mail failed, so that « Santé des
/// mails » shows it with its reason and the analyst can send it again. A bounce that proves nothing changes nothing: it is
/// recorded as « non vérifié » for an analyst to judge.</summary>
public static class BounceLinker
{
    private static readonly TimeZoneInfo Team = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    public sealed record Link(int OutboxMessageId, int? TicketId, string MatchedBy, string Recipient);

    public static async Task<Link?> LinkAsync(SavDbContext db, ReplyMatcher matcher, BounceReport bounce, IReadOnlyList<string> references,
        string? subject, DateTimeOffset now, CancellationToken ct)
    {
        var found = await FindAsync(db, matcher, bounce, references, subject, ct);
        if (found is null) return null;
        var (mail, matchedBy) = found.Value;
        // The mail's own recipient: a report naming another address proves nothing about that address.
        var recipient = mail.Recipient;
        var at = TimeZoneInfo.ConvertTime(mail.SentAt ?? mail.CreatedAt, Team);
        if (mail.TicketId is { } ticketId)
        {
            db.ConversationEntries.Add(new ConversationEntry
            {
                TicketId = ticketId, Direction = Direction.InternalNote, Channel = Channel.Email, Author = "Sav", At = now, OutboxMessageId = mail.Id,
                Text = $"Le mail du {at.ToString("dd/MM/yyyy 'à' HH:mm", French)} à {recipient} n'a pas pu être remis : {bounce.Reason}"
                    + (bounce.Permanent ? "" : " (échec temporaire, le serveur réessaie)"),
            });
        }
        var address = recipient.ToLowerInvariant();
        foreach (var contact in await db.Contacts.Where(c => c.Email.ToLower() == address).ToListAsync(ct))
        {
            contact.BouncedAt = now;
            contact.BounceReason = Truncate(bounce.Reason, 500);
            contact.BouncePermanent = contact.BouncePermanent || bounce.Permanent;
        }
        if (bounce.Permanent && mail.State == OutboxState.Sent)
        {
            mail.State = OutboxState.Failed;
            mail.LastError = Truncate($"Non remis à {recipient} : {bounce.Reason}", 2000);
        }
        return new Link(mail.Id, mail.TicketId, matchedBy, recipient);
    }

    private static async Task<(OutboxMessage Mail, string By)?> FindAsync(SavDbContext db, ReplyMatcher matcher, BounceReport bounce,
        IReadOnlyList<string> references, string? subject, CancellationToken ct)
    {
        if (bounce.OriginalMessageId is { } original && await db.OutboxMessages.FirstOrDefaultAsync(m => m.MessageId == original, ct) is { } byId)
            return (byId, "original Message-ID");
        if (references.Count > 0 && await db.OutboxMessages.Where(m => references.Contains(m.MessageId)).OrderByDescending(m => m.Id)
                .FirstOrDefaultAsync(ct) is { } byReference)
            return (byReference, "In-Reply-To");
        foreach (var code in matcher.VerifiedCodes(bounce.OriginalSubject).Concat(matcher.VerifiedCodes(subject)))
        {
            var onTicket = db.OutboxMessages.Where(m => m.Ticket!.Code == code);
            if (bounce.Recipient is { } to) onTicket = onTicket.Where(m => m.Recipient == to);
            if (await onTicket.OrderByDescending(m => m.Id).FirstOrDefaultAsync(ct) is { } byContext) return (byContext, "context");
        }
        // The failed recipient alone proves nothing: anyone can name a customer's address.
        return null;
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
