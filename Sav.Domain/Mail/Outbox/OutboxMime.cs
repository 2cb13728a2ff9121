using MimeKit;

namespace Sav.Domain.Mail.Outbox;

public static class OutboxMime
{
    /// <summary>The MIME message of an outbox row: text and HTML alternatives, Sav's Message-ID.</summary>
    public static MimeMessage ToMime(OutboxMessage row)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(row.FromName, row.FromAddress));
        message.To.Add(new MailboxAddress(row.RecipientName ?? "", row.Recipient));
        if (!string.IsNullOrEmpty(row.ReplyTo) && MailboxAddress.TryParse(row.ReplyTo, out var replyTo)) message.ReplyTo.Add(replyTo);
        message.Subject = row.Subject;
        message.MessageId = row.MessageId;
        message.Date = row.CreatedAt;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Sav-Template", row.Template);
        message.Body = new BodyBuilder { TextBody = row.Text, HtmlBody = row.Html }.ToMessageBody();
        return message;
    }
}
