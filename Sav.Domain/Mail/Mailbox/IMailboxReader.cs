namespace Sav.Domain.Mail.Mailbox;

/// <summary>Where customers' replies arrive: a folder of .eml files, an IMAP mailbox or Gmail.</summary>
public interface IMailboxReader
{
    /// <summary>What is recorded as InboundMail.Mailbox.</summary>
    string Name { get; }

    /// <summary>Messages not yet marked processed, oldest first.</summary>
    Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken cancellationToken);

    /// <summary>The raw message; a reader may stop after <paramref name="maxBytes"/> bytes.</summary>
    Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Takes the message out of what <see cref="ListAsync"/> returns. The sweep is idempotent by
    /// Message-ID, so a message whose marking failed is only recognised, never filed twice.</summary>
    Task MarkProcessedAsync(MailboxItem item, CancellationToken cancellationToken);

    /// <summary>Returns when new mail may have arrived, or after <paramref name="max"/>.</summary>
    Task WaitForNewAsync(TimeSpan max, CancellationToken cancellationToken);
}

public sealed record MailboxItem(string Key);
