namespace Sav.Domain.Mail.Senders;

public enum SmtpSecurity { Auto, None, StartTls, SslOnConnect }

/// <summary>The SMTP relay, under <c>Mail:Smtp</c>. The password comes from an environment variable or user secrets.</summary>
public class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
