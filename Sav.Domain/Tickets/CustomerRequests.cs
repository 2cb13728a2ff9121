using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Text;

namespace Sav.Domain.Tickets;

/// <summary>Status, close, reopen and answer requests from customers: the change, the customer's
/// words and the mail that confirms it are written in one transaction.</summary>
public sealed class CustomerRequests(
    IDbContextFactory<SavDbContext> dbFactory,
    IValidator<CustomerRequest> validator,
    TicketContexts contexts,
    MailComposer mail,
    WriteGate gate,
    TimeProvider clock)
{
    /// <summary>How many of the last public messages a status mail shows.</summary>
    public const int StatusHistory = 5;

    /// <summary>Returns null when the context is forged or its ticket unknown: both get the same answer.</summary>
    /// <exception cref="ValidationException">when a field is missing, too long or malformed.</exception>
    public async Task<RequestOutcome?> HandleAsync(CustomerRequest request, CancellationToken cancellationToken = default)
    {
        await validator.ValidateAndThrowAsync(request, cancellationToken);
        // The control is checked before any lookup, so a forged context costs no query and takes no longer.
        if (!contexts.TryVerify(request.Context, out var code)) return null;
        var text = TextKey.Clean(request.Text);

        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await db.Tickets.Where(t => t.Code == code).Select(t => (int?)t.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is null) return null;
        // A merged ticket's context leads to the ticket it was merged into.
        id = await TicketMerge.FollowAsync(db, id.Value, cancellationToken);
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact).Include(t => t.ProductFamily).Include(t => t.Product)
            .SingleAsync(t => t.Id == id, cancellationToken);
        if (request.ReplayKey is { } replayed)
        {
            // A journalled request replayed again (the gateway stopped before it noted the first replay): nothing more.
            if (await db.ReplayedSubmissions.AnyAsync(r => r.Key == replayed, cancellationToken))
                return new RequestOutcome(ticket.Code, contexts.For(ticket.Code).ToString(), ticket.Status.Display, null);
            db.ReplayedSubmissions.Add(new Journal.ReplayedSubmission { Key = replayed, At = clock.GetUtcNow() });
        }

        var now = request.At ?? clock.GetUtcNow();
        var actor = ticket.Contact?.Email ?? "customer";
        if (text is not null)
        {
            // A comment is news even when no status moves: a list sorted by « Mis à jour » must show it.
            ticket.UpdatedAt = now;
            ticket.Conversation.Add(new ConversationEntry
            {
                Direction = Direction.FromCustomer, Channel = request.Channel, Author = actor, Text = text, At = now,
            });
        }

        MailTemplate? template = null;
        IReadOnlyList<PublicMessage>? history = null;
        switch (request.Kind)
        {
            case RequestKind.Status:
                template = MailTemplate.Status;
                history = await HistoryAsync(db, ticket.Id, cancellationToken);
                if (text is not null) history = [.. history, new PublicMessage(now, true, actor, text)];
                history = history.TakeLast(StatusHistory).ToList();
                break;
            case RequestKind.Close:
                await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.CloseRequested, actor, now, cancellationToken);
                template = MailTemplate.ClosingConfirmation;
                break;
            case RequestKind.Reopen:
                var reopened = await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.Reopened, actor, now, cancellationToken);
                template = reopened ? MailTemplate.ReopeningConfirmation : MailTemplate.ReopenNotNeeded;
                break;
            case RequestKind.Answer:
                await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.CustomerAnswered, actor, now, cancellationToken);
                break;
        }
        if (template is { } chosen && ticket.Contact is not null)
            mail.Enqueue(db, ticket, chosen, request.Kind == RequestKind.Status ? null : text, history);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RequestOutcome(ticket.Code, contexts.For(ticket.Code).ToString(), ticket.Status.Display, template?.ToString());
    }

    private static async Task<IReadOnlyList<PublicMessage>> HistoryAsync(SavDbContext db, int ticketId, CancellationToken ct)
    {
        var last = await db.ConversationEntries
            .Where(e => e.TicketId == ticketId && e.Direction != Direction.InternalNote)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(StatusHistory)
            .Select(e => new PublicMessage(e.At, e.Direction == Direction.FromCustomer, e.Author, e.Text))
            .ToListAsync(ct);
        last.Reverse();
        return last;
    }
}
