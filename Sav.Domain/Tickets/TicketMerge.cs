using Microsoft.EntityFrameworkCore;
using Sav.Domain.Audit;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;

namespace Sav.Domain.Tickets;

/// <summary>A ticket that may be the same request as the one shown: same contact, open, opened in the last 30 days.</summary>
public sealed record LikelyDuplicate(int Id, string Code, string Subject, string StatusDisplay, DateTimeOffset CreatedAt);

/// <summary>
/// Merges duplicates into the ticket kept: their conversations, documents and history move to it with their dates (the
/// files stay where they are stored, each still opened by its own id), each merged ticket is closed with a note naming
/// the kept one and keeps pointing at it (<see cref="Ticket.MergedIntoId"/>), so that its context (a status request, an
/// answer, a reply by mail) reaches the kept ticket; the customer gets one mail saying so.
/// </summary>
public sealed class TicketMerge(IDbContextFactory<SavDbContext> dbFactory, MailComposer mail, TimeProvider clock)
{
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<LikelyDuplicate>> LikelyDuplicatesAsync(int ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contactId = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.ContactId).SingleOrDefaultAsync(cancellationToken);
        if (contactId is null) return [];
        var since = clock.GetUtcNow() - DuplicateWindow;
        return await db.Tickets.AsNoTracking()
            .Where(t => t.ContactId == contactId && t.Id != ticketId && t.MergedIntoId == null && t.Status.Category != StatusCategory.Closed
                && t.CreatedAt >= since)
            .OrderByDescending(t => t.CreatedAt).Take(20)
            .Select(t => new LikelyDuplicate(t.Id, t.Code, t.Subject, t.Status.Code + ". " + t.Status.Label, t.CreatedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>Merges <paramref name="mergedIds"/> into <paramref name="keptId"/>, all or nothing.</summary>
    /// <exception cref="TicketActionException">when a ticket is gone, already merged, or is the one kept.</exception>
    public async Task MergeAsync(int keptId, IReadOnlyCollection<int> mergedIds, string actor, CancellationToken cancellationToken = default)
    {
        if (mergedIds.Count == 0 || mergedIds.Contains(keptId)) throw new TicketActionException(TicketProblem.MergeIntoItself);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = mergedIds.Append(keptId).Distinct().ToList();
        var tickets = await db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact).Include(t => t.ProductFamily)
            .Include(t => t.Product).Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
        var kept = tickets.SingleOrDefault(t => t.Id == keptId) ?? throw new TicketActionException(TicketProblem.NoSuchTicket, keptId.ToString());
        var merged = tickets.Where(t => t.Id != keptId).OrderBy(t => t.CreatedAt).ToList();
        if (merged.Count != ids.Count - 1) throw new TicketActionException(TicketProblem.NoSuchTicket);
        if (tickets.FirstOrDefault(t => t.MergedIntoId is not null) is { } already)
            throw new TicketActionException(TicketProblem.AlreadyMerged, already.Code);

        var now = clock.GetUtcNow();
        var movedIds = merged.Select(t => t.Id).ToList();
        // Moved with their dates; the files stay in their store, each opened by its own id.
        await db.ConversationEntries.Where(e => movedIds.Contains(e.TicketId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.TicketId, keptId), cancellationToken);
        await db.Documents.Where(d => movedIds.Contains(d.TicketId)).ExecuteUpdateAsync(s => s.SetProperty(d => d.TicketId, keptId), cancellationToken);
        await db.AuditEntries.Where(a => movedIds.Contains(a.TicketId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.TicketId, keptId), cancellationToken);

        foreach (var ticket in merged)
        {
            ticket.MergedIntoId = kept.Id;
            await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.CloseRequested, actor, now, cancellationToken);
            ticket.History.Add(new AuditEntry { At = now, Actor = actor, Field = "MergedInto", After = kept.Code });
            ticket.Conversation.Add(new ConversationEntry
            {
                Direction = Direction.InternalNote, Channel = Channel.Backoffice, Author = actor, At = now,
                Text = $"Fusionné dans le dossier {kept.Code}.",
            });
            kept.History.Add(new AuditEntry { At = now, Actor = actor, Field = "Merged", After = ticket.Code });
        }
        kept.FirstAnsweredAt = merged.Select(t => t.FirstAnsweredAt).Append(kept.FirstAnsweredAt).Where(a => a is not null).Min();
        kept.UpdatedAt = now;
        kept.Conversation.Add(new ConversationEntry
        {
            Direction = Direction.InternalNote, Channel = Channel.Backoffice, Author = actor, At = now,
            Text = "Dossiers fusionnés dans celui-ci : " + string.Join(", ", merged.Select(t => $"{t.Code} (« {t.Subject} »)")),
        });
        if (!string.IsNullOrWhiteSpace(kept.Contact?.Email))
            mail.Enqueue(db, kept, MailTemplate.MergeNotice, string.Join("\n", merged.Select(t => $"{t.Code} — {t.Subject}")));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new TicketChangedException(kept.Code);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The ticket a merged one now lives in (itself when not merged), following at most a few merges.</summary>
    public static async Task<int> FollowAsync(SavDbContext db, int ticketId, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            var next = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.MergedIntoId).SingleOrDefaultAsync(cancellationToken);
            if (next is null) return ticketId;
            ticketId = next.Value;
        }
        return ticketId;
    }
}
