namespace Sav.Domain.Sms;

public enum SmsSenderKind { None, Log, Ovh }

/// <summary><c>Sms</c>: how Sav sends text messages (off by default).</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    public SmsSenderKind Sender { get; set; } = SmsSenderKind.None;
    /// <summary>At most this many messages leave in any hour, for every gateway together (the account's budget).</summary>
    public int PerHour { get; set; } = 60;
    /// <summary>Attempts before a message is given up as failed; the delay doubles from a minute between them.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>How often the numbers that answered « STOP » are read again from the provider.</summary>
    public TimeSpan OptOutRefresh { get; set; } = TimeSpan.FromMinutes(10);
    public OvhSmsOptions Ovh { get; set; } = new();
}

/// <summary><c>Sms:Ovh</c>: OVH's SMS API, its keys made at https://eu.api.ovh.com/createToken/ (rights POST and GET on
/// /sms/*). The secret and the consumer key as environment variables only.</summary>
public sealed class OvhSmsOptions
{
    public string Endpoint { get; set; } = "https://eu.api.ovh.com/1.0/";
    public string ApplicationKey { get; set; } = "";
    public string ApplicationSecret { get; set; } = "";
    public string ConsumerKey { get; set; } = "";
    /// <summary>The SMS account, e.g. sms-ab12345-1.</summary>
    public string ServiceName { get; set; } = "";
    /// <summary>The sender name OVH has approved for the account (11 characters at most).</summary>
    public string SenderName { get; set; } = "";
}
