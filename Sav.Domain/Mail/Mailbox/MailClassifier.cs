using MimeKit;
using Sav.Domain.Mail.Mailbox.MachineMail;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>Mail that must never be filed nor answered: auto-replies, delivery failures, provider and list notices, and
/// our own mail coming back. Answering any of them is how mail loops start.</summary>
public static class MailClassifier
{
    /// <summary>Why the message is ignored, or null when a person wrote it.</summary>
    public static string? IgnoreReason(MimeMessage message, IReadOnlySet<string> ownAddresses) =>
        Classify(message, ownAddresses).Reason;

    public static (string? Reason, MachineVerdict? Verdict) Classify(MimeMessage message, IReadOnlySet<string> ownAddresses)
    {
        if (message.Headers.Contains("X-Sav-Template")) return ("loop: one of Sav's own mails", null);
        var from = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim();
        if (from is not null && ownAddresses.Contains(from)) return ($"loop: sent from Sav's own address {from}", null);
        var verdict = MachineMailClassifier.Classify(message, ReplyMatcher.HasContextCandidate(message.Subject));
        return verdict.IsMachine ? (verdict.Reason, verdict) : (null, null);
    }
}
