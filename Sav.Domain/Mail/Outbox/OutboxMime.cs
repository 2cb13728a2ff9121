using MimeKit;

namespace Sav.Domain.Mail.Outbox;

public static class OutboxMime
{
    /// <summary>The MIME message of an outbox row: text and HTML alternatives, its attachments, Sav's Message-ID.</summary>
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
        var body = new BodyBuilder { TextBody = row.Text, HtmlBody = row.Html };
        foreach (var file in row.Attachments)
        {
            // Base64 carries the bytes as they are: a CSV keeps its byte order mark and its CRLF line ends.
            var part = (MimePart)body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.MediaType));
            part.ContentTransferEncoding = ContentEncoding.Base64;
        }
        message.Body = body.ToMessageBody();
        return message;
    }
}
