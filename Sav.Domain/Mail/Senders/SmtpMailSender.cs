using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Sav.Domain.Mail.Senders;

/// <summary>Sends through an SMTP relay with MailKit, one connection per mail: at a few mails a
/// minute, a fresh connection costs nothing and never goes stale.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options) : IMailSender
{
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var host = smtp.Host ?? throw new InvalidOperationException("Mail:Smtp:Host must be set when Mail:Sender is Smtp.");
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            var response = await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            // The server's answer usually names its queue id ("2.0.0 Ok: queued as 4F2A1"); the Message-ID otherwise.
            return string.IsNullOrWhiteSpace(response) ? message.MessageId ?? "" : response.Trim();
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode is not SmtpErrorCode.UnexpectedStatusCode)
        {
            // 5xx on a recipient, the sender or the message: the server will say the same next time.
            throw new PermanentMailException($"The SMTP server refused the mail ({e.ErrorCode}): {(int)e.StatusCode} {e.Message}", e);
        }
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
