using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;
using Sav.Domain.Documents;

namespace Sav.Domain.Mail.Mailbox;

public sealed record QuarantinedMail(int Id, string MessageId, string? From, string? Subject, DateTimeOffset ReceivedAt, string Mailbox);

public enum QuarantineResult { Filed, UnknownMail, UnknownTicket, AlreadyHandled, RawMissing }

/// <summary>Mail that matched no ticket waits here, raw on disk, until an analyst files it on a ticket
/// (exactly as the sweep would have) or discards it.</summary>
public sealed class Quarantine(IDbContextFactory<SavDbContext> dbFactory, MailFiler filer, IOptions<DocumentOptions> documents)
{
    public async Task<IReadOnlyList<QuarantinedMail>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InboundMails.Where(m => m.Outcome == InboundOutcome.Unmatched)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Select(m => new QuarantinedMail(m.Id, m.MessageId, m.From, m.Subject, m.ReceivedAt, m.Mailbox))
            .ToListAsync(cancellationToken);
    }

    public async Task<QuarantineResult> FileAsync(int inboundMailId, string ticketCode, string analystEmail, CancellationToken cancellationToken = default)
    {
        InboundMail? row;
        int? ticketId = null;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            row = await db.InboundMails.AsNoTracking().SingleOrDefaultAsync(m => m.Id == inboundMailId, cancellationToken);
            // As typed, else with its look-alikes read as digits (1O4O for 1040).
            foreach (var code in Tickets.TicketCode.Candidates(ticketCode))
            {
                ticketId = await db.Tickets.Where(t => t.Code == code).Select(t => (int?)t.Id).SingleOrDefaultAsync(cancellationToken);
                if (ticketId is not null) break;
            }
            // Filed on a merged ticket, the mail goes to the ticket it was merged into.
            if (ticketId is { } found) ticketId = await Tickets.TicketMerge.FollowAsync(db, found, cancellationToken);
        }
        if (row is null) return QuarantineResult.UnknownMail;
        if (row.Outcome != InboundOutcome.Unmatched) return QuarantineResult.AlreadyHandled;
        if (ticketId is null) return QuarantineResult.UnknownTicket;
        if (row.RawPath is null || !File.Exists(row.RawPath)) return QuarantineResult.RawMissing;

        var raw = await File.ReadAllBytesAsync(row.RawPath, cancellationToken);
        var message = InboundParser.Load(raw, raw.Length, cancellationToken);
        var parsed = InboundParser.Read(message, row.MessageId, documents.Value.MaxBytes, cancellationToken);
        return await filer.FileAsync(parsed, row, ticketId.Value, analystEmail, cancellationToken)
            ? QuarantineResult.Filed : QuarantineResult.AlreadyHandled;
    }

    /// <summary>Sets the message aside for good and deletes its raw copy; false when it was no longer waiting.</summary>
    public Task<bool> DiscardAsync(int inboundMailId, string analystEmail, CancellationToken cancellationToken = default) =>
        DiscardAsync(dbFactory, inboundMailId, InboundOutcome.Unmatched, $"Discarded by {analystEmail}", cancellationToken);

    /// <summary>Marks a message still <paramref name="waiting"/> discarded with <paramref name="note"/> and deletes its raw
    /// copy; false when it was no longer waiting.</summary>
    internal static async Task<bool> DiscardAsync(IDbContextFactory<SavDbContext> dbFactory, int inboundMailId, InboundOutcome waiting, string note,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rawPath = await db.InboundMails.Where(m => m.Id == inboundMailId).Select(m => m.RawPath).SingleOrDefaultAsync(cancellationToken);
        var truncated = MailFiler.Truncate(note, 4000);
        var discarded = await db.InboundMails.Where(m => m.Id == inboundMailId && m.Outcome == waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Outcome, InboundOutcome.Discarded).SetProperty(m => m.Error, truncated)
                .SetProperty(m => m.RawPath, (string?)null), cancellationToken);
        if (discarded == 0) return false;
        if (rawPath is not null && File.Exists(rawPath)) File.Delete(rawPath);
        return true;
    }
}
