using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Audit;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Tickets;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>A message whose attachments are in the store, waiting to be recorded on its ticket.</summary>
public sealed class StoredMail
{
    internal StoredMail(ParsedMail parsed, InboundMail row, int ticketId, string actor, List<(InboundAttachment Attachment, StoredDocument Stored)> files,
        List<InboundAttachment> tooLarge)
    {
        TooLarge = tooLarge;
        Parsed = parsed;
        Row = row;
        IsNew = row.Id == 0;
        TicketId = ticketId;
        Actor = actor;
        Files = files;
    }

    public ParsedMail Parsed { get; }
    public InboundMail Row { get; }
    /// <summary>False when the row is a quarantined message an analyst files by hand.</summary>
    internal bool IsNew { get; }
    public int TicketId { get; }
    internal string Actor { get; }
    internal List<(InboundAttachment Attachment, StoredDocument Stored)> Files { get; }
    /// <summary>Attachments over the size limit: recorded by name and size, not stored.</summary>
    internal List<InboundAttachment> TooLarge { get; }
}

/// <summary>Files a message on a ticket: its text as a conversation entry, each attachment as a document,
/// the ticket back to <c>b10. Action demandée</c>. Files are written to the store first, then everything
/// else in one transaction, with the InboundMail row whose unique Message-ID makes a second filing fail:
/// a crash in between leaves orphaned files at worst, never rows twice. The sweep records several stored
/// messages in one transaction (<see cref="RecordAllAsync"/>), in mailbox order.</summary>
public sealed class MailFiler(IDbContextFactory<SavDbContext> dbFactory, IDocumentStore store, MailComposer mail, TimeProvider clock)
{
    /// <summary>Files <paramref name="parsed"/> on the ticket. <paramref name="row"/> is new (the sweep) or an
    /// existing quarantined row (an analyst filing it by hand). Returns false when that row was filed or
    /// discarded meanwhile.</summary>
    public async Task<bool> FileAsync(ParsedMail parsed, InboundMail row, int ticketId, string actor, CancellationToken cancellationToken) =>
        await RecordAsync(await StoreAsync(parsed, row, ticketId, actor, null, cancellationToken), cancellationToken);

    /// <summary>Writes the attachments to the document store. <paramref name="codes"/>, when given, remembers
    /// ticket codes (which never change) between the messages of a sweep.</summary>
    public async Task<StoredMail> StoreAsync(ParsedMail parsed, InboundMail row, int ticketId, string actor, System.Collections.Concurrent.ConcurrentDictionary<int, string>? codes,
        CancellationToken cancellationToken)
    {
        var files = new List<(InboundAttachment Attachment, StoredDocument Stored)>();
        var tooLarge = parsed.Attachments.Where(a => a.Content is null).ToList();
        var kept = parsed.Attachments.Where(a => a.Content is not null).ToList();
        if (kept.Count > 0)
        {
            if (codes is null || !codes.TryGetValue(ticketId, out var code))
            {
                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                    code = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Code).SingleAsync(cancellationToken);
                codes?.TryAdd(ticketId, code);
            }
            foreach (var attachment in kept)
            {
                // Decoded as the store writes it; one found over the limit on the way is left out and reported as too large.
                try
                {
                    files.Add((attachment, await attachment.Content!.SaveAsync(
                        content => store.SaveAsync(code, attachment.Name, attachment.MediaType, content, cancellationToken))));
                }
                catch (Exception e) when (AttachmentContent.Caused<AttachmentTooLargeException>(e))
                {
                    var atLeast = e is AttachmentTooLargeException direct ? direct.AtLeast : attachment.Content!.MaxBytes + 1;
                    tooLarge.Add(attachment with { Size = Math.Max(attachment.Size, atLeast), Content = null });
                }
            }
        }
        return new StoredMail(parsed, row, ticketId, actor, files, tooLarge);
    }

    /// <summary>Records one stored message in its own transaction; false when its quarantined row was filed or discarded meanwhile.</summary>
    public async Task<bool> RecordAsync(StoredMail stored, CancellationToken cancellationToken)
    {
        // Two replies to one ticket filed at once: the ticket's concurrency token makes one of them start over.
        for (var attempt = 1; ; attempt++)
        {
            try { return await RecordOnceAsync(stored, cancellationToken); }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                if (stored.IsNew) stored.Row.Id = 0;
            }
        }
    }

    /// <summary>Records new messages of the sweep in one transaction, in their order: all of them or, when it
    /// throws, none (their rows are then new again, for <see cref="RecordAsync"/> one at a time).</summary>
    public async Task RecordAllAsync(IReadOnlyList<StoredMail> mails, CancellationToken cancellationToken)
    {
        if (mails.Any(m => !m.IsNew)) throw new ArgumentException("Only new messages are recorded together.", nameof(mails));
        if (mails.Count == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var ids = mails.Select(m => m.TicketId).Distinct().ToList();
            var tickets = await db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact).Include(t => t.ProductFamily).Include(t => t.Product)
                .Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var stored in mails)
            {
                stored.Row.Outcome = InboundOutcome.Filed;
                stored.Row.TicketId = stored.TicketId;
                db.InboundMails.Add(stored.Row);
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var stored in mails) await ApplyAsync(db, tickets[stored.TicketId], stored, clock.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            foreach (var stored in mails) stored.Row.Id = 0;
            throw;
        }
    }

    private async Task<bool> RecordOnceAsync(StoredMail stored, CancellationToken cancellationToken)
    {
        var row = stored.Row;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact).Include(t => t.ProductFamily).Include(t => t.Product)
            .SingleAsync(t => t.Id == stored.TicketId, cancellationToken);

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (stored.IsNew)
        {
            row.Outcome = InboundOutcome.Filed;
            row.TicketId = ticket.Id;
            db.InboundMails.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            // Conditional on the row still waiting: of two analysts filing it at once, one wins.
            var claimed = await db.InboundMails.Where(m => m.Id == row.Id && m.Outcome == InboundOutcome.Unmatched)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Outcome, InboundOutcome.Filed).SetProperty(m => m.TicketId, ticket.Id), cancellationToken);
            if (claimed == 0) return false;
        }
        await ApplyAsync(db, ticket, stored, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The conversation entry, the documents, the note about files too large, and the ticket's move.</summary>
    private async Task ApplyAsync(SavDbContext db, Ticket ticket, StoredMail stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (parsed, row, actor) = (stored.Parsed, stored.Row, stored.Actor);
        var tooLarge = stored.TooLarge;
        var author = Truncate(parsed.FromAddress ?? actor, 254);
        var hasText = !string.IsNullOrWhiteSpace(parsed.Text);
        ticket.Conversation.Add(new ConversationEntry
        {
            Direction = Direction.FromCustomer,
            Channel = Channel.Email,
            Author = author,
            Text = hasText ? parsed.Text : FilesOnly(parsed.Attachments),
            At = now,
            InboundMailId = row.Id,
        });
        foreach (var (attachment, document) in stored.Files)
        {
            ticket.Documents.Add(new Document
            {
                Name = Truncate(attachment.Name, 255),
                MediaType = Truncate(attachment.MediaType, 127),
                Size = document.Size,
                Store = store.Kind,
                StoreId = document.StoreId,
                Link = document.Link,
                CreatedAt = now,
                InboundMailId = row.Id,
            });
            ticket.History.Add(new AuditEntry { At = now, Actor = Truncate(actor, 254), Field = "Document", After = Truncate(attachment.Name, 255), Reason = "Mail" });
        }
        if (tooLarge.Count > 0)
        {
            var list = string.Join('\n', tooLarge.Select(a => $"- {a.Name} ({Megabytes(a.Size)})"));
            ticket.Conversation.Add(new ConversationEntry
            {
                Direction = Direction.InternalNote, Channel = Channel.Email, Author = "sav", At = now, InboundMailId = row.Id,
                Text = $"Pièces jointes trop volumineuses, non conservées :\n{list}",
            });
            if (ticket.Contact is not null) mail.Enqueue(db, ticket, MailTemplate.AttachmentTooLarge, list);
        }
        await TicketLifecycle.ApplyAsync(db, ticket, hasText ? TicketEvent.CustomerAnswered : TicketEvent.DocumentAdded,
            Truncate(actor, 254), now, cancellationToken);
    }

    private static string FilesOnly(IEnumerable<InboundAttachment> attachments) =>
        "Fichiers envoyés par mail : " + string.Join(", ", attachments.Select(a => a.Name)) is var text && attachments.Any() ? text : "(message vide)";

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.GetCultureInfo("fr-FR")) + " Mo";

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
