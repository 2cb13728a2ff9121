namespace Sav.Domain.Mail.Health;

/// <summary>The mail jobs the gateway runs.</summary>
public enum MailJob { Sweep, Outbox }

/// <summary>How a mail job last went, whichever gateway ran it: what « Santé des mails » shows.</summary>
public class MailJobRun
{
    public MailJob Job { get; set; }
    public DateTimeOffset? LastSucceededAt { get; set; }
    public DateTimeOffset? LastFailedAt { get; set; }
    /// <summary>Why the last failed run failed.</summary>
    public string? LastError { get; set; }
    /// <summary>The gateway that wrote the row last.</summary>
    public string? Instance { get; set; }
}
