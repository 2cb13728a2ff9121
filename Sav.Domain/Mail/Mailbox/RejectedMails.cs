using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;
using Sav.Domain.Documents;

namespace Sav.Domain.Mail.Mailbox;

public sealed record RejectedMail(int Id, string? From, string? Subject, DateTimeOffset ReceivedAt, string? Reason, bool RawKept);

public enum RetryResult { Filed, Unmatched, Ignored, RejectedAgain, AlreadyHandled, RawMissing }

/// <summary>Messages the sweep could not handle (unreadable, or failing in a way nobody expected), each set aside alone
/// with its raw copy and its reason, for « Santé des mails »: an analyst retries one (after a fix, or to see it fail
/// again) or deletes it.</summary>
public sealed class RejectedMails(IDbContextFactory<SavDbContext> dbFactory, MailFiler filer, ReplyMatcher matcher,
    IOptions<MailboxOptions> mailbox, IOptions<DocumentOptions> documents, TimeProvider clock, ILoggerFactory loggers)
{
    public async Task<IReadOnlyList<RejectedMail>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.InboundMails.AsNoTracking().Where(m => m.Outcome == InboundOutcome.Rejected)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(200)
            .Select(m => new { m.Id, m.From, m.Subject, m.ReceivedAt, m.Error, m.RawPath }).ToListAsync(ct);
        return rows.Select(m => new RejectedMail(m.Id, m.From, m.Subject, m.ReceivedAt, m.Error, m.RawPath is not null && File.Exists(m.RawPath)))
            .ToList();
    }

    /// <summary>How many messages wait, set aside: those the sweep could not handle and those that matched no ticket.</summary>
    public async Task<(int Rejected, int Unmatched)> CountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.InboundMails.Where(m => m.Outcome == InboundOutcome.Rejected || m.Outcome == InboundOutcome.Unmatched)
            .GroupBy(m => m.Outcome).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return (counts.SingleOrDefault(c => c.Key == InboundOutcome.Rejected)?.Count ?? 0,
            counts.SingleOrDefault(c => c.Key == InboundOutcome.Unmatched)?.Count ?? 0);
    }

    /// <summary>Runs the message through the sweep again, from its raw copy, exactly as if it had just arrived.</summary>
    public async Task<(RetryResult Result, string? Detail)> RetryAsync(int id, CancellationToken ct = default)
    {
        InboundMail? row;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            row = await db.InboundMails.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (row is null || row.Outcome != InboundOutcome.Rejected) return (RetryResult.AlreadyHandled, null);
        if (row.RawPath is null || !File.Exists(row.RawPath)) return (RetryResult.RawMissing, null);
        var raw = await File.ReadAllBytesAsync(row.RawPath, ct);

        // The sweep files a Message-ID once: the rejected row makes way, and comes back if the sweep cannot even run.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.InboundMails.Where(m => m.Id == id && m.Outcome == InboundOutcome.Rejected).ExecuteDeleteAsync(ct) == 0)
                return (RetryResult.AlreadyHandled, null);
        }
        var reader = new OneMessageReader(row.Mailbox, raw);
        var sweeper = new MailboxSweeper(dbFactory, reader, filer, matcher, mailbox, documents, clock, loggers.CreateLogger<MailboxSweeper>());
        try { await sweeper.SweepAsync(ct); }
        catch
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (!await db.InboundMails.AnyAsync(m => m.MessageId == row.MessageId, CancellationToken.None))
            {
                row.Id = 0;
                db.InboundMails.Add(row);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            throw;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var again = await db.InboundMails.AsNoTracking().Where(m => m.MessageId == row.MessageId)
                .Select(m => new { m.Outcome, m.Error, Code = m.TicketId == null ? null : db.Tickets.Where(t => t.Id == m.TicketId).Select(t => t.Code).FirstOrDefault() })
                .SingleOrDefaultAsync(ct);
            // The raw copy stays only while the message waits in the quarantine.
            if (again?.Outcome is InboundOutcome.Filed or InboundOutcome.IgnoredAutoReply && File.Exists(row.RawPath)) File.Delete(row.RawPath);
            return again?.Outcome switch
            {
                InboundOutcome.Filed => (RetryResult.Filed, again.Code),
                InboundOutcome.Unmatched => (RetryResult.Unmatched, null),
                InboundOutcome.IgnoredAutoReply => (RetryResult.Ignored, again.Error),
                _ => (RetryResult.RejectedAgain, again?.Error),
            };
        }
    }

    /// <summary>Deletes the message for good, raw copy included; false when it was no longer waiting.</summary>
    public Task<bool> DeleteAsync(int id, string analystEmail, CancellationToken ct = default) =>
        Quarantine.DiscardAsync(dbFactory, id, InboundOutcome.Rejected, $"Supprimé par {analystEmail}", ct);

    /// <summary>A mailbox of one message, read from memory: the raw copy the quarantine kept.</summary>
    private sealed class OneMessageReader(string name, byte[] raw) : IMailboxReader
    {
        private static readonly MailboxItem Item = new("retry");
        private bool _done;

        public string Name => name;

        public Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MailboxItem>>(_done ? [] : [Item]);

        public Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new MemoryStream(raw, writable: false));

        public Task MarkProcessedAsync(MailboxItem item, CancellationToken cancellationToken)
        {
            _done = true;
            return Task.CompletedTask;
        }

        public Task WaitForNewAsync(TimeSpan max, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
