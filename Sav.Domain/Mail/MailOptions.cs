using Sav.Domain.Mail.Senders;

namespace Sav.Domain.Mail;

public enum SenderKind { Pickup, Smtp, Gmail }

public class MailOptions
{
    public const string Section = "Mail";
    public SenderKind Sender { get; set; } = SenderKind.Pickup;
    public string PickupFolder { get; set; } = "data/pickup";
    /// <summary>Where the mail buttons point by default: the gateway's public address.</summary>
    public string PublicFormsUrl { get; set; } = "http://localhost:5080";
    /// <summary>The domain of the Message-IDs Sav gives its mails.</summary>
    public string MessageIdDomain { get; set; } = "sav.local";
    /// <summary>The provider's quotas, counted over the last minute and the last 24 hours for all dispatchers together.</summary>
    public int PerMinute { get; set; } = 10;
    public int PerDay { get; set; } = 200;
    public long MaxMessageBytes { get; set; } = 2 * 1024 * 1024;
    /// <summary>After this many failed attempts a mail is marked Failed, for an analyst to resend.</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a claimed mail stays reserved to its dispatcher; a dispatcher that died frees it after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
    public int BatchSize { get; set; } = 20;
    public SmtpOptions Smtp { get; set; } = new();
}
