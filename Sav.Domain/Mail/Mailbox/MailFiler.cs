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

/// <summary>Files a message on a ticket: its text as a conversation entry, each attachment as a document,
/// the ticket back to <c>b10. Action demandée</c>. Files are written to the store first, then everything
/// else in one transaction, with the InboundMail row whose unique Message-ID makes a second filing fail:
/// a crash in between leaves orphaned files at worst, never rows twice.</summary>
public sealed class MailFiler(IDbContextFactory<SavDbContext> dbFactory, IDocumentStore store, MailComposer mail, TimeProvider clock)
{
    /// <summary>Files <paramref name="parsed"/> on the ticket. <paramref name="row"/> is new (the sweep) or an
    /// existing quarantined row (an analyst filing it by hand). Returns false when that row was filed or
    /// discarded meanwhile.</summary>
    public async Task<bool> FileAsync(ParsedMail parsed, InboundMail row, int ticketId, string actor, CancellationToken cancellationToken)
    {
        string code;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            code = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Code).SingleAsync(cancellationToken);

        var stored = new List<(InboundAttachment Attachment, StoredDocument Stored)>();
        foreach (var attachment in parsed.Attachments.Where(a => a.Content is not null))
        {
            using var content = new MemoryStream(attachment.Content!, writable: false);
            stored.Add((attachment, await store.SaveAsync(code, attachment.Name, attachment.MediaType, content, cancellationToken)));
        }

        // Two replies to one ticket filed at once: the ticket's concurrency token makes one of them start over.
        var isNew = row.Id == 0;
        for (var attempt = 1; ; attempt++)
        {
            try { return await RecordAsync(parsed, row, isNew, ticketId, actor, stored, cancellationToken); }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                if (isNew) row.Id = 0;
            }
        }
    }

    private async Task<bool> RecordAsync(ParsedMail parsed, InboundMail row, bool isNew, int ticketId, string actor,
        List<(InboundAttachment Attachment, StoredDocument Stored)> stored, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact)
            .SingleAsync(t => t.Id == ticketId, cancellationToken);
        var tooLarge = parsed.Attachments.Where(a => a.Content is null).ToList();

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (isNew)
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
        foreach (var (attachment, document) in stored)
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
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string FilesOnly(IEnumerable<InboundAttachment> attachments) =>
        "Fichiers envoyés par mail : " + string.Join(", ", attachments.Select(a => a.Name)) is var text && attachments.Any() ? text : "(message vide)";

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.GetCultureInfo("fr-FR")) + " Mo";

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
