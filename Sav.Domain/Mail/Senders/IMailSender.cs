using MimeKit;

namespace Sav.Domain.Mail.Senders;

/// <summary>Hands a message to a provider; returns the provider's id for it.</summary>
public interface IMailSender
{
    Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>A failure that trying again will not mend (a refused address, a message too large).</summary>
public sealed class PermanentMailException(string message, Exception? inner = null) : Exception(message, inner);
