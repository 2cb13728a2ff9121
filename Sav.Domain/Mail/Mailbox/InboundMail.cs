namespace Sav.Domain.Mail.Mailbox;

public enum InboundOutcome { Filed, Unmatched, IgnoredAutoReply, Rejected, Discarded }

/// <summary>A message the sweep saw, unique by Message-ID so that a sweep never files twice.</summary>
public class InboundMail
{
    public int Id { get; set; }
    public string MessageId { get; set; } = "";
    public string Mailbox { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public string? From { get; set; }
    public string? Subject { get; set; }
    public InboundOutcome Outcome { get; set; }
    public int? TicketId { get; set; }
    public string? Error { get; set; }
    /// <summary>Where the raw message is kept while quarantined, for an analyst to file by hand.</summary>
    public string? RawPath { get; set; }
    /// <summary>For a delivery failure: whether it proved it answers one of Sav's mails (only then did it change
    /// anything), the recipient it names and the server's reason. Null for any other mail.</summary>
    public bool? BounceVerified { get; set; }
    public string? BounceRecipient { get; set; }
    public string? BounceReason { get; set; }
}
