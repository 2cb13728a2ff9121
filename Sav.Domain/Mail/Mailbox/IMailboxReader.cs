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

    /// <summary>Marks messages filed together, in their order; a reader may mark them all in one command.</summary>
    async Task MarkProcessedAsync(IReadOnlyList<MailboxItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items) await MarkProcessedAsync(item, cancellationToken);
    }

    /// <summary>Returns when new mail may have arrived, or after <paramref name="max"/>.</summary>
    Task WaitForNewAsync(TimeSpan max, CancellationToken cancellationToken);
}

public sealed record MailboxItem(string Key);
