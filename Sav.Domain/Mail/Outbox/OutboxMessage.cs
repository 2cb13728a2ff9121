using Sav.Domain.Tickets;

namespace Sav.Domain.Mail.Outbox;

public enum OutboxState { Pending, Sent, Failed }

/// <summary>A rendered mail waiting for the dispatcher, written in the transaction that caused it.</summary>
public class OutboxMessage
{
    public int Id { get; set; }
    public int? TicketId { get; set; }
    public Ticket? Ticket { get; set; }
    public string Template { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string? RecipientName { get; set; }
    public string FromName { get; set; } = "";
    public string FromAddress { get; set; } = "";
    public string? ReplyTo { get; set; }
    /// <summary>The RFC 5322 Message-ID Sav gives the mail, so that replies can be matched by In-Reply-To.</summary>
    public string MessageId { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Html { get; set; } = "";
    public string Text { get; set; } = "";
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ProviderId { get; set; }
    public string? LastError { get; set; }
    /// <summary>The files it carries: none for a ticket's mails.</summary>
    public List<OutboxAttachment> Attachments { get; set; } = [];
}
