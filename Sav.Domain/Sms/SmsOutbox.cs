using Sav.Domain.Tickets;

namespace Sav.Domain.Sms;

public enum SmsKind { Opening, Question }

public enum SmsState { Pending, Sent, Failed, Skipped }

/// <summary>A text message to a customer, kept like the mails: written with what caused it, sent by
/// <see cref="SmsDispatcher"/> within the quota, retried, and its outcome kept.</summary>
public class SmsOutboxMessage
{
    public int Id { get; set; }
    public int TicketId { get; set; }
    public Ticket? Ticket { get; set; }
    public SmsKind Kind { get; set; }
    /// <summary>The number as E.164 (+336…).</summary>
    public string Recipient { get; set; } = "";
    public string Text { get; set; } = "";
    public SmsState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The provider's id for the message, once sent.</summary>
    public string? ProviderId { get; set; }
    /// <summary>Why it failed or was skipped.</summary>
    public string? Error { get; set; }
}

/// <summary>A number that asked for no more messages: it answered « STOP » (OVH's list) or an analyst recorded it.</summary>
public class SmsOptOut
{
    public string Number { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Source { get; set; } = "";
}
