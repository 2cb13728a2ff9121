using Sav.Domain.Analysts;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Tickets;

namespace Sav.Domain.Satisfaction;

/// <summary>The mail that tells a ticket's analyst their customer is not satisfied, in French (the team's language).
/// Not attached to the ticket: it is not a mail to the customer.</summary>
public static class BadRatingMail
{
    public const string Template = "BadRating";

    /// <param name="ticket">with its Brand loaded.</param>
    public static OutboxMessage For(Ticket ticket, Analyst analyst, string? comment, MailOptions mail, DateTimeOffset now)
    {
        var subject = MailRenderer.HeaderText($"Avis « Pas satisfait » sur le dossier {ticket.Code} — {ticket.Subject}");
        var lines = new List<string>
        {
            $"Bonjour {analyst.DisplayName},",
            "",
            $"Le client a répondu « Pas satisfait » à la clôture du dossier {ticket.Code} ({ticket.Subject}).",
        };
        if (comment is not null) lines.AddRange(["", "Son commentaire :", comment]);
        lines.AddRange(["", $"Le dossier {ticket.Code} est dans le backoffice, avec l’avis dans sa conversation.", "", "Sav"]);
        var html = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:Arial,sans-serif\">"
            + string.Join("", lines.Select(l => l.Length == 0 ? "" : $"<p>{MailRenderer.Encode(l)}</p>")) + "</body></html>";
        var from = MailComposer.Sender(ticket.Brand, mail.MessageIdDomain);
        return new OutboxMessage
        {
            Template = Template,
            Recipient = MailRenderer.HeaderText(analyst.Email),
            RecipientName = MailRenderer.HeaderText(analyst.DisplayName),
            FromName = from.Name,
            FromAddress = from.Address,
            MessageId = $"{Guid.CreateVersion7(now):N}@{mail.MessageIdDomain}",
            Subject = subject,
            Html = html,
            Text = string.Join("\n", lines) + "\n",
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
