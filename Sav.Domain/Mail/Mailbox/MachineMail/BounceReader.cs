using System.Text.RegularExpressions;
using MimeKit;

namespace Sav.Domain.Mail.Mailbox.MachineMail;

/// <summary>What a delivery failure says: who could not be reached, the status (5.x.x permanent, 4.x.x temporary), the
/// server's words, and what it quotes of the mail that came back.</summary>
public sealed record BounceReport(string? Recipient, string? Status, string? Diagnostic, string? OriginalMessageId, string? OriginalSubject)
{
    public bool Permanent => Status is null || Status.StartsWith('5');
    /// <summary>« 550 5.1.1 user unknown », or the status alone.</summary>
    public string Reason => Diagnostic ?? Status ?? "?";
}

/// <summary>Reads the report part of a DSN (RFC 3464) when there is one, otherwise the plain text servers write; the first
/// few KB of each part only.</summary>
public static partial class BounceReader
{
    private const int Window = 16 * 1024;

    public static BounceReport Read(MimeMessage message)
    {
        string? recipient = message.Headers["X-Failed-Recipients"]?.Split(',')[0].Trim(), status = null, diagnostic = null, id = null, subject = null;
        var text = "";
        // Only the report's own parts: a forwarded message's parts are someone else's mail.
        foreach (var (part, _, _) in MimeParts.Walk(message.Body))
        {
            var type = part.ContentType;
            if (part is MessageDeliveryStatus report)
            {
                // The first group is about the message (Reporting-MTA…), each next one about a recipient.
                foreach (var fields in report.StatusGroups.Skip(1))
                {
                    recipient ??= fields["Final-Recipient"] is { } final ? AfterType(final) : null;
                    recipient ??= fields["Original-Recipient"] is { } original ? AfterType(original) : null;
                    status ??= fields["Status"]?.Trim();
                    diagnostic ??= fields["Diagnostic-Code"] is { } code ? AfterType(Unfolded(code)) : null;
                }
            }
            else if (type.IsMimeType("message", "global-delivery-status") && part is MimePart global)
            {
                var fields = Bytes(global);
                recipient ??= Field(fields, "Final-Recipient") is { } final ? AfterType(final) : null;
                recipient ??= Field(fields, "Original-Recipient") is { } original ? AfterType(original) : null;
                status ??= Field(fields, "Status");
                diagnostic ??= Field(fields, "Diagnostic-Code") is { } code ? AfterType(code) : null;
            }
            else if (part is MessagePart { Message: { } inner })
            {
                // message/rfc822 and text/rfc822-headers alike: the headers of the mail that came back.
                id ??= inner.MessageId;
                subject ??= inner.Subject;
            }
            else if (part is TextPart textPart && !textPart.IsAttachment)
            {
                var content = MimeParts.TextOf(textPart, Window);
                if (textPart.IsHtml) content = ReplyText.HtmlToText(content, CancellationToken.None);
                text += content + "\n";
                id ??= QuotedMessageId().Match(content) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
                subject ??= QuotedSubject().Match(content) is { Success: true } s ? s.Groups[1].Value.Trim() : null;
            }
            else if (type.IsMimeType("message", "global-headers") && part is MimePart headers)
            {
                var content = Bytes(headers);
                id ??= QuotedMessageId().Match(content) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
                subject ??= QuotedSubject().Match(content) is { Success: true } s ? s.Groups[1].Value.Trim() : null;
            }
        }
        // Plain-text bounces: the server's reply (« 550 5.1.1 … »), else the report's fields written as text, else the line
        // that holds a status; the first address in angle brackets or alone.
        if (diagnostic is null && SmtpReply().Match(text) is { Success: true } reply) diagnostic = reply.Value.Trim();
        if (diagnostic is null && Field(text, "Diagnostic-Code") is { } written) diagnostic = AfterType(written);
        var enhanced = EnhancedStatus().Match(diagnostic ?? text);
        if (status is null && enhanced.Success) status = enhanced.Value;
        if (diagnostic is null && enhanced.Success)
        {
            var lineStart = text.LastIndexOf('\n', enhanced.Index) + 1;
            var lineEnd = text.IndexOf('\n', enhanced.Index);
            diagnostic = text[lineStart..(lineEnd < 0 ? text.Length : lineEnd)].Trim();
        }
        recipient ??= Address().Match(text) is { Success: true } a ? a.Groups[1].Value : null;
        if (diagnostic is { Length: > 300 }) diagnostic = diagnostic[..300];
        return new BounceReport(recipient?.Trim('<', '>', ' '), status?.Split(' ')[0], diagnostic, id?.Trim('<', '>'), subject);
    }

    /// <summary>A part of UTF-8 fields (RFC 6533), its first few KB.</summary>
    private static string Bytes(MimePart part)
    {
        if (part.Content is null) return "";
        using var output = new MemoryStream();
        part.Content.DecodeTo(output);
        return System.Text.Encoding.UTF8.GetString(output.GetBuffer().AsSpan(0, (int)Math.Min(output.Length, Window)));
    }

    private static string Unfolded(string value) => Regex.Replace(value, @"\s+", " ").Trim();

    private static string? Field(string fields, string name)
    {
        var match = Regex.Match(fields, $@"^{Regex.Escape(name)}\s*:\s*(.+(?:\r?\n[ \t]+.+)*)", RegexOptions.IgnoreCase | RegexOptions.Multiline);
        return match.Success ? Regex.Replace(match.Groups[1].Value, @"\s+", " ").Trim() : null;
    }

    /// <summary>« rfc822; a@b » gives « a@b », « smtp; 550 … » gives « 550 … ».</summary>
    private static string AfterType(string value) => value.IndexOf(';') is var semicolon and >= 0 ? value[(semicolon + 1)..].Trim() : value;

    [GeneratedRegex(@"\b[45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b[^\r\n]*")]
    private static partial Regex SmtpReply();

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex EnhancedStatus();

    [GeneratedRegex(@"^\s*Message-ID:\s*(<[^>\r\n]+>)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex QuotedMessageId();

    [GeneratedRegex(@"^\s*Subject:\s*(.+)$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex QuotedSubject();

    [GeneratedRegex(@"<?([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})>?")]
    private static partial Regex Address();
}
