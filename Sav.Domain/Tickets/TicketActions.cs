using Microsoft.EntityFrameworkCore;
using Sav.Domain.Audit;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Replies;

namespace Sav.Domain.Tickets;

/// <summary>Thrown when the ticket changed since the analyst loaded it: their change is not applied, and
/// the caller keeps what they typed so they can look at the new state and apply it again.</summary>
public sealed class TicketChangedException(string code)
    : Exception($"Ticket {code} was changed by someone else since it was loaded.")
{
    public string Code { get; } = code;
}

/// <summary>The fields of a ticket an analyst may edit.</summary>
public sealed record TicketEdit
{
    public string Subject { get; init; } = "";
    public string? Description { get; init; }
    public string? SerialNumber { get; init; }
    public string? OrderNumber { get; init; }
    public string? InvoiceNumber { get; init; }
    public Warranty Warranty { get; init; }
    public int? ProductFamilyId { get; init; }
    public int? ProductId { get; init; }
    public int? BrandId { get; init; }
}

/// <summary>What an analyst does to a ticket. Each action is one unit of work that records who changed
/// what in the audit; edits carry the version the analyst saw, so two analysts never overwrite each other.</summary>
public sealed class TicketActions(IDbContextFactory<SavDbContext> dbFactory, MailComposer mail, TimeProvider clock, Sms.SmsNotices? sms = null)
{
    /// <returns>The ticket's new version.</returns>
    public Task<int> AssignAsync(int ticketId, int version, int? analystId, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(ticketId, version, actor, async (db, ticket, audit) =>
        {
            if (ticket.AnalystId == analystId) return;
            var analyst = analystId is null ? null
                : await db.Analysts.SingleOrDefaultAsync(a => a.Id == analystId && a.Active, cancellationToken)
                  ?? throw new TicketActionException(TicketProblem.NoSuchAnalyst, analystId.ToString());
            audit("Analyst", ticket.Analyst?.DisplayName, analyst?.DisplayName, null);
            ticket.Analyst = analyst;
            ticket.AnalystId = analyst?.Id;
        }, cancellationToken);

    public Task<int> ChangeStatusAsync(int ticketId, int version, string statusCode, string actor, string? reason = null,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(ticketId, version, actor, async (db, ticket, audit) =>
        {
            if (ticket.Status.Code == statusCode) return;
            var status = await db.Statuses.SingleOrDefaultAsync(s => s.Code == statusCode && s.Active, cancellationToken)
                ?? throw new TicketActionException(TicketProblem.NoSuchStatus, statusCode);
            audit("Status", ticket.Status.Display, status.Display, reason);
            TicketFacts.StatusChanging(ticket, status, clock.GetUtcNow());
            ticket.Status = status;
            ticket.StatusId = status.Id;
        }, cancellationToken);

    public Task<int> EditAsync(int ticketId, int version, TicketEdit edit, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(edit.Subject)) throw new TicketActionException(TicketProblem.SubjectRequired);
        if (edit.Subject.Length > Limits.Subject || edit.Description?.Length > Limits.Description
            || new[] { edit.SerialNumber, edit.OrderNumber, edit.InvoiceNumber }.Any(r => r?.Length > Limits.Reference))
            throw new TicketActionException(TicketProblem.FieldTooLong);

        return ChangeAsync(ticketId, version, actor, async (db, ticket, audit) =>
        {
            void Text(string field, string? before, string? after, Action<string?> set)
            {
                after = string.IsNullOrWhiteSpace(after) ? null : after.Trim();
                if (before == after) return;
                audit(field, before, after, null);
                set(after);
            }
            Text("Subject", ticket.Subject, edit.Subject, v => ticket.Subject = v!);
            Text("Description", ticket.Description, edit.Description, v => ticket.Description = v);
            Text("SerialNumber", ticket.SerialNumber, edit.SerialNumber, v => ticket.SerialNumber = v);
            Text("OrderNumber", ticket.OrderNumber, edit.OrderNumber, v => ticket.OrderNumber = v);
            Text("InvoiceNumber", ticket.InvoiceNumber, edit.InvoiceNumber, v => ticket.InvoiceNumber = v);
            if (ticket.Warranty != edit.Warranty)
            {
                audit("Warranty", ticket.Warranty.ToString(), edit.Warranty.ToString(), null);
                ticket.Warranty = edit.Warranty;
            }

            if (edit.ProductFamilyId != ticket.ProductFamilyId && edit.ProductFamilyId is not null)
            {
                var family = await db.ProductFamilies.SingleOrDefaultAsync(f => f.Id == edit.ProductFamilyId, cancellationToken)
                    ?? throw new TicketActionException(TicketProblem.NoSuchFamily, edit.ProductFamilyId.ToString());
                audit("ProductFamily", ticket.ProductFamily?.Name ?? ticket.ProductFamilyText, family.Name, null);
                ticket.ProductFamily = family;
                ticket.ProductFamilyText = null;
            }
            if (ticket.Product is { } current && ticket.ProductFamily is { } newFamily && current.ProductFamilyId != newFamily.Id
                && edit.ProductId == current.Id)
            {
                // The family changed under the product: the product no longer describes the ticket.
                audit("Product", current.Name, null, null);
                ticket.Product = null;
            }
            if (edit.ProductId != ticket.ProductId && edit.ProductId is not null)
            {
                var product = await db.Products.Include(p => p.ProductFamily).SingleOrDefaultAsync(p => p.Id == edit.ProductId, cancellationToken)
                    ?? throw new TicketActionException(TicketProblem.NoSuchProduct, edit.ProductId.ToString());
                if (ticket.ProductFamily is { } chosen && product.ProductFamilyId != chosen.Id)
                    throw new TicketActionException(TicketProblem.ProductNotOfFamily, $"{product.Name} / {chosen.Name}");
                if (ticket.ProductFamily is null)
                {
                    audit("ProductFamily", ticket.ProductFamilyText, product.ProductFamily.Name, null);
                    ticket.ProductFamily = product.ProductFamily;
                    ticket.ProductFamilyText = null;
                }
                audit("Product", ticket.Product?.Name ?? ticket.ProductText, product.Name, null);
                ticket.Product = product;
                ticket.ProductText = null;
            }
            if (edit.BrandId != ticket.BrandId && edit.BrandId is not null)
            {
                var brand = await db.Brands.SingleOrDefaultAsync(b => b.Id == edit.BrandId, cancellationToken)
                    ?? throw new TicketActionException(TicketProblem.NoSuchBrand, edit.BrandId.ToString());
                audit("Brand", ticket.Brand?.Name ?? ticket.BrandText, brand.Name, null);
                ticket.Brand = brand;
                ticket.BrandText = null;
            }
        }, cancellationToken);
    }

    /// <summary>Links the ticket (and its contact, when it has no company yet) to a known client.</summary>
    public Task<int> LinkClientAsync(int ticketId, int version, int clientId, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(ticketId, version, actor, async (db, ticket, audit) =>
        {
            if (ticket.ClientId == clientId) return;
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
                ?? throw new TicketActionException(TicketProblem.NoSuchClient, clientId.ToString());
            audit("Client", ticket.Client?.Name ?? ticket.CustomerText, client.Name, null);
            ticket.Client = client;
            if (ticket.Contact is { ClientId: null } contact) contact.Client = client;
        }, cancellationToken);

    /// <param name="notifyCustomer">Whether the closing confirmation goes to the ticket's contact, with the change.</param>
    /// <param name="message">A word to the customer with the closing (what was done, a « réponse type »): kept in the
    /// conversation and quoted in the confirmation; none when null or blank.</param>
    public Task<int> CloseAsync(int ticketId, int version, string actor, bool notifyCustomer = true, string? message = null,
        CancellationToken cancellationToken = default)
    {
        message = string.IsNullOrWhiteSpace(message) ? null : CheckText(message);
        return MoveAsync(ticketId, version, actor, TicketEvent.CloseRequested, notifyCustomer ? MailTemplate.ClosingConfirmation : null,
            cancellationToken, message);
    }

    /// <param name="notifyCustomer">Whether the reopening confirmation goes to the ticket's contact, with the change.</param>
    public Task<int> ReopenAsync(int ticketId, int version, string actor, bool notifyCustomer = true,
        CancellationToken cancellationToken = default) =>
        MoveAsync(ticketId, version, actor, TicketEvent.Reopened, notifyCustomer ? MailTemplate.ReopeningConfirmation : null, cancellationToken);

    /// <summary>The move and its mail are saved together: the customer is told exactly when the ticket moved.</summary>
    private Task<int> MoveAsync(int ticketId, int version, string actor, TicketEvent ticketEvent, MailTemplate? notice,
        CancellationToken cancellationToken, string? message = null) =>
        ChangeAsync(ticketId, version, actor, async (db, ticket, _) =>
        {
            var now = clock.GetUtcNow();
            var moved = await TicketLifecycle.ApplyAsync(db, ticket, ticketEvent, actor, now, cancellationToken);
            if (!moved) return;
            var entry = message is null ? null : new ConversationEntry
            {
                Direction = Direction.ToCustomer, Channel = Channel.Email, Author = actor, Text = message, At = now,
            };
            if (entry is not null)
            {
                ticket.Conversation.Add(entry);
                ticket.FirstAnsweredAt ??= now;
            }
            if (notice is { } template && !string.IsNullOrWhiteSpace(ticket.Contact?.Email))
                mail.Enqueue(db, ticket, template, message);
        }, cancellationToken);

    /// <summary>A note only analysts see. Notes add to the ticket and never conflict with an edit.</summary>
    public async Task AddNoteAsync(int ticketId, string text, string actor, CancellationToken cancellationToken = default)
    {
        text = CheckText(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await LoadAsync(db, ticketId, cancellationToken);
        var now = clock.GetUtcNow();
        ticket.Conversation.Add(new ConversationEntry
        {
            Direction = Direction.InternalNote, Channel = Channel.Backoffice, Author = actor, Text = text, At = now,
        });
        ticket.History.Add(new AuditEntry { At = now, Actor = actor, Field = "Conversation", After = "InternalNote" });
        ticket.UpdatedAt = now;
        await SaveAsync(db, ticket, cancellationToken);
    }

    /// <summary>Asks the customer a question: the message, its mail in the outbox and the move to
    /// « c20. Attente précisions Demandeur » are written together.</summary>
    public async Task AskAsync(int ticketId, string question, string actor, CancellationToken cancellationToken = default)
    {
        question = CheckText(question);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ticket = await LoadAsync(db, ticketId, cancellationToken);
        var now = clock.GetUtcNow();
        var entry = new ConversationEntry
        {
            Direction = Direction.ToCustomer, Channel = Channel.Email, Author = actor, Text = question, At = now,
        };
        ticket.Conversation.Add(entry);
        ticket.FirstAnsweredAt ??= now;
        ticket.History.Add(new AuditEntry { At = now, Actor = actor, Field = "Conversation", After = "Question" });
        await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.AnalystAsked, actor, now, cancellationToken);
        var outbox = mail.Enqueue(db, ticket, MailTemplate.Question, question);
        if (sms is not null) await sms.QuestionAsync(db, ticket, cancellationToken);
        await SaveAsync(db, ticket, cancellationToken);
        entry.OutboxMessageId = outbox.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private delegate void Audit(string field, string? before, string? after, string? reason);

    private async Task<int> ChangeAsync(int ticketId, int version, string actor, Func<SavDbContext, Ticket, Audit, Task> change,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await LoadAsync(db, ticketId, cancellationToken);
        if (ticket.Version != version) throw new TicketChangedException(ticket.Code);
        var now = clock.GetUtcNow();
        var changed = false;
        await change(db, ticket, (field, before, after, reason) =>
        {
            changed = true;
            ticket.History.Add(new AuditEntry { At = now, Actor = actor, Field = field, Before = before, After = after, Reason = reason });
        });
        changed |= db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added);
        if (!changed) return ticket.Version;
        ticket.UpdatedAt = now;
        await SaveAsync(db, ticket, cancellationToken);
        return ticket.Version;
    }

    private static async Task SaveAsync(SavDbContext db, Ticket ticket, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new TicketChangedException(ticket.Code);
        }
    }

    private static async Task<Ticket> LoadAsync(SavDbContext db, int ticketId, CancellationToken cancellationToken) =>
        await db.Tickets.Include(t => t.Status).Include(t => t.Analyst).Include(t => t.Client).Include(t => t.Contact)
            .Include(t => t.Brand).Include(t => t.ProductFamily).Include(t => t.Product)
            .SingleOrDefaultAsync(t => t.Id == ticketId, cancellationToken)
        ?? throw new TicketActionException(TicketProblem.NoSuchTicket, ticketId.ToString());

    private static string CheckText(string text)
    {
        text = text.Trim();
        if (text.Length == 0) throw new TicketActionException(TicketProblem.EmptyMessage);
        if (text.Length > Limits.Comment) throw new TicketActionException(TicketProblem.MessageTooLong);
        // A « réponse type » whose placeholder found no value, or was mistyped: the analyst writes it before it leaves.
        if (ReplyPlaceholders.Left(text) is [var left, ..]) throw new TicketActionException(TicketProblem.PlaceholderLeft, left);
        return text;
    }
}
