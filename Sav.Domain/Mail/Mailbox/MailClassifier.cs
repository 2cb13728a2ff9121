using MimeKit;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>Mail that must never be filed nor answered: auto-replies, delivery failures and our own mail
/// coming back. Answering any of them is how mail loops start.</summary>
public static class MailClassifier
{
    /// <summary>Why the message is ignored, or null when a person wrote it.</summary>
    public static string? IgnoreReason(MimeMessage message, IReadOnlySet<string> ownAddresses)
    {
        var headers = message.Headers;
        if (headers.Contains("X-Sav-Template")) return "loop: one of Sav's own mails";
        var from = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim();
        if (from is not null && ownAddresses.Contains(from)) return $"loop: sent from Sav's own address {from}";

        var autoSubmitted = headers[HeaderId.AutoSubmitted]?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.Equals("no", StringComparison.OrdinalIgnoreCase))
            return $"auto-reply: Auto-Submitted {autoSubmitted}";
        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond")) return "auto-reply: X-Autoreply";
        var precedence = headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "auto_reply") return $"auto-reply: Precedence {precedence}";

        if (message.Body is MultipartReport || message.Body?.ContentType.IsMimeType("multipart", "report") == true)
            return "delivery failure: multipart/report";
        if (message.BodyParts.Any(p => p.ContentType.IsMimeType("message", "delivery-status") || p.ContentType.IsMimeType("message", "global-delivery-status")))
            return "delivery failure: delivery status notification";
        if (headers[HeaderId.ReturnPath]?.Trim() == "<>") return "delivery failure: empty Return-Path";
        var local = from is null ? null : from.Split('@')[0];
        if (local is not null && (local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase)))
            return $"delivery failure: from {from}";
        return null;
    }
}
