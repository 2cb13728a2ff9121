using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sav.Domain.Data;
using MimeKit;
using Sav.Domain.Documents;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>What becomes of a message that is not filed: recorded with its outcome, its raw copy kept where an analyst
/// needs it, and, when handling it threw, set aside alone (<see cref="SweepFailure"/>) while the sweep goes on.</summary>
public sealed partial class MailboxSweeper
{
    /// <summary>The guard of a message's own work once prepared: whatever <paramref name="step"/> throws that is not the
    /// outside's failure (<see cref="SweepFailure"/>) quarantines this message alone, and the sweep goes on.</summary>
    private async Task<SweepResult> GuardedAsync(MailboxItem item, string stage, Func<Task<SweepResult>> step, CancellationToken ct)
    {
        try { return await step(); }
        catch (Exception e) when (!SweepFailure.IsOutside(e)) { return await QuarantineAsync(item, SweepFailure.Reason(stage, e), e, ct); }
    }

    /// <summary>Sets a message that could not be handled aside: its raw copy kept (read again from the mailbox), the
    /// reason recorded for « Santé des mails », the message taken out of the mailbox.</summary>
    private async Task<SweepResult> QuarantineAsync(MailboxItem item, string reason, Exception failure, CancellationToken ct)
    {
        logger.LogWarning(failure, "Mailbox sweep of {Mailbox}: message {Key} quarantined", reader.Name, item.Key);
        byte[] raw;
        try
        {
            var (buffer, length) = await ReadAsync(item, options.Value.MaxMessageBytes, ct);
            raw = buffer.AsSpan(0, length).ToArray();
            ArrayPool<byte>.Shared.Return(buffer);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return SweepResult.AlreadySeen; }
        var headers = HeadersOf(raw, raw.Length);
        var row = new InboundMail
        {
            Mailbox = MailFiler.Truncate(reader.Name, 254), ReceivedAt = clock.GetUtcNow(),
            MessageId = IdFromHeaders(headers) ?? Synthetic(raw), Error = reason,
        };
        Describe(row, headers?[HeaderId.From], headers?[HeaderId.Subject]);
        return await RecordAsync(item, row, InboundOutcome.Rejected, raw, SweepResult.Rejected, ct);
    }

    private async Task<SweepResult> RecordAsync(MailboxItem item, InboundMail row, InboundOutcome outcome, byte[]? keep,
        SweepResult result, CancellationToken ct, Func<SavDbContext, Task<MachineMail.BounceLinker.Link?>>? bounce = null)
    {
        row.Outcome = outcome;
        if (row.Error is { Length: > 4000 }) row.Error = row.Error[..4000];
        if (keep is not null) row.RawPath = await KeepRawAsync(row.MessageId, keep, ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // The bounce's note lands on the ticket with the row that records the bounce, or neither does.
            if (bounce is not null)
            {
                var link = await bounce(db);
                row.BounceVerified = link is not null;
                if (link is not null)
                {
                    row.BounceRecipient = MailFiler.Truncate(link.Recipient, 254);
                    row.Error = MailFiler.Truncate($"{row.Error}; bounce of outbox mail {link.OutboxMessageId} (matched by {link.MatchedBy})", 4000);
                }
            }
            db.InboundMails.Add(row);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await SeenAsync(row.MessageId, CancellationToken.None)) throw;
            result = SweepResult.AlreadySeen;
        }
        await reader.MarkProcessedAsync(item, ct);
        return result;
    }

    /// <summary>The raw message on disk, named after its Message-ID so that a second sweep writes the same file. Flushed
    /// to the disk like documents (<see cref="DocumentOptions.FlushToDisk"/>): the row that points at it commits next and
    /// the message then leaves the mailbox, so this file is the only copy left.</summary>
    private async Task<string> KeepRawAsync(string messageId, byte[] raw, CancellationToken ct)
    {
        var flush = documents.Value.FlushToDisk;
        var folder = Path.GetFullPath(options.Value.QuarantineFolder);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            if (flush) await DiskFlush.DirectoryAsync(Path.GetDirectoryName(folder)!);
        }
        var path = Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32] + ".eml");
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 0 }))
        {
            await file.WriteAsync(raw, ct);
            if (flush) DiskFlush.File(file.SafeFileHandle);
        }
        File.Move(temporary, path, overwrite: true);
        if (flush) await DiskFlush.DirectoryAsync(folder);
        return path;
    }
}
