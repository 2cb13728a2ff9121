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
    public int PerMinute { get; set; } = 10;
    public int PerDay { get; set; } = 200;
    public long MaxMessageBytes { get; set; } = 2 * 1024 * 1024;
    public int MaxAttempts { get; set; } = 8;
    public int BatchSize { get; set; } = 20;
}
