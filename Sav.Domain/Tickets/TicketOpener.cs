using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Brands;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Text;

namespace Sav.Domain.Tickets;

/// <summary>Opens a ticket: the ticket, its first message, its audit and its confirmation mail are
/// written in one transaction, so an accepted submission is whole or absent.</summary>
public sealed class TicketOpener(
    IDbContextFactory<SavDbContext> dbFactory,
    IValidator<OpenTicket> validator,
    TicketContexts contexts,
    MailComposer mail,
    TimeProvider clock,
    WriteGate? gate = null)
{
    private readonly OpeningReferences _references = new(dbFactory, clock);

    /// <summary>A second identical submission within this window returns the first ticket.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <exception cref="ValidationException">when a field is missing, too long or malformed.</exception>
    public async Task<OpenedTicket> OpenAsync(OpenTicket request, string actor, CancellationToken cancellationToken = default)
    {
        await validator.ValidateAndThrowAsync(request, cancellationToken);
        request = Normalise(request);
        var now = clock.GetUtcNow();
        var key = SubmissionKey(request);
        // Reference data is read before the gate: inside it, only what must be serialized.
        var catalogue = Match(await _references.GetAsync(reload: false, cancellationToken), request);
        if (!catalogue.Complete) catalogue = Match(await _references.GetAsync(reload: true, cancellationToken), request);
        var opened = catalogue.Status
            ?? throw new InvalidOperationException($"The status {WellKnownStatus.New} is missing: run the migrate verb.");

        using var _ = gate is null ? null : await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Taking the code first takes the write lock first (SQLite) or the counter row (PostgreSQL):
        // a concurrent duplicate waits here and then sees the first one.
        var code = await TicketCode.NextAsync(db, cancellationToken);

        var since = now - DuplicateWindow;
        var duplicate = await db.Tickets.Where(t => t.SubmissionKey == key && t.CreatedAt >= since)
            .Select(t => new { t.Id, t.Code, StatusCode = t.Status.Code, t.Status.Label }).FirstOrDefaultAsync(cancellationToken);
        if (duplicate is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new OpenedTicket(duplicate.Id, duplicate.Code, contexts.For(duplicate.Code).ToString(),
                $"{duplicate.StatusCode}. {duplicate.Label}", Duplicate: true);
        }

        var ticket = new Ticket
        {
            Code = code,
            Subject = request.Subject,
            Description = request.Description,
            CustomerText = request.Customer,
            SerialNumber = request.SerialNumber,
            OrderNumber = request.OrderNumber,
            InvoiceNumber = request.InvoiceNumber,
            Warranty = request.Warranty,
            Channel = request.Channel,
            SubmissionKey = key,
            CreatedAt = now,
            UpdatedAt = now,
        };
        catalogue.ApplyTo(db, ticket);
        await MatchContactAsync(db, ticket, request, cancellationToken);
        ticket.Language = request.Language ?? ticket.Brand?.Language ?? "fr";
        db.Attach(opened);
        TicketLifecycle.Move(ticket, opened, TicketEvent.Opened, actor, now);
        db.Tickets.Add(ticket);

        if (!string.IsNullOrEmpty(request.Description))
        {
            ticket.Conversation.Add(new ConversationEntry
            {
                Direction = Direction.FromCustomer,
                Channel = request.Channel,
                Author = ticket.Contact!.Email,
                Text = request.Description,
                At = now,
            });
        }
        mail.Enqueue(db, ticket, MailTemplate.OpeningConfirmation);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OpenedTicket(ticket.Id, ticket.Code, contexts.For(ticket.Code).ToString(), ticket.Status.Display, Duplicate: false);
    }

    /// <summary>What the submission names in the catalogue and the brands; copies, for one unit of work.</summary>
    private sealed record Catalogue(int? FamilyId, string? FamilyText, int? ProductId, string? ProductText,
        Brand? Brand, string? BrandText, Status? Status, bool Complete)
    {
        public void ApplyTo(SavDbContext db, Ticket ticket)
        {
            ticket.ProductFamilyId = FamilyId;
            ticket.ProductFamilyText = FamilyText;
            ticket.ProductId = ProductId;
            ticket.ProductText = ProductText;
            ticket.BrandText = BrandText;
            if (Brand is null) return;
            db.Attach(Brand);
            ticket.Brand = Brand;
        }
    }

    /// <summary>Matches family, product and brand by name or code, accents and case folded. Not
    /// <see cref="Catalogue.Complete"/> when a name is not found: the caller reloads and tries again.</summary>
    private static Catalogue Match(OpeningReferences.Snapshot references, OpenTicket request)
    {
        var family = references.FamilyFor(TextKey.Fold(request.ProductFamily));
        int? productId = null;
        var productFound = true;
        if (request.Product is not null)
        {
            var productKey = TextKey.Fold(request.Product);
            productId = family?.Products.FirstOrDefault(p => p.Matches(productKey))?.Value;
            productFound = productId is not null;
        }

        var brand = request.Brand is null ? null : references.BrandFor(TextKey.Fold(request.Brand));
        var brandFound = request.Brand is null || brand is not null;
        var status = references.StatusFor(TicketLifecycle.Target(TicketEvent.Opened, null)!);
        return new Catalogue(
            family?.Id, family is null ? request.ProductFamily : null,
            productId, request.Product is not null && productId is null ? request.Product : null,
            brand ?? references.DefaultBrand(), brandFound ? null : request.Brand,
            status, Complete: family is not null && productFound && brandFound && status is not null);
    }

    private static async Task MatchContactAsync(SavDbContext db, Ticket ticket, OpenTicket request, CancellationToken ct)
    {
        var contact = await db.Contacts.Include(c => c.Client).FirstOrDefaultAsync(c => c.Email == request.Email, ct);
        if (contact is null)
        {
            contact = new Contact { Email = request.Email, Name = request.Name, Phone = request.Phone };
            db.Contacts.Add(contact);
        }
        else
        {
            contact.Name = request.Name;
            contact.Phone = request.Phone ?? contact.Phone;
        }

        Client? client = null;
        if (request.ClientId is { } clientId) client = await db.Clients.FindAsync([clientId], ct);
        client ??= contact.Client;
        if (client is null && EmailDomain(request.Email) is { } domain && !PublicMailDomains.Contains(domain))
            client = await db.Clients.FirstOrDefaultAsync(c => c.EmailDomain == domain, ct);

        contact.Client ??= client;
        ticket.Contact = contact;
        ticket.Client = client;
    }

    private static string? EmailDomain(string email) => email.LastIndexOf('@') is var at and > 0 ? email[(at + 1)..] : null;

    /// <summary>Addresses at these domains say nothing about the customer's company.</summary>
    private static readonly HashSet<string> PublicMailDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr",
        "live.com", "live.fr", "msn.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "icloud.com",
        "me.com", "gmx.fr", "gmx.com", "proton.me", "protonmail.com", "bbox.fr", "neuf.fr",
    };

    private static OpenTicket Normalise(OpenTicket r) => r with
    {
        Email = r.Email.Trim().ToLowerInvariant(),
        Name = r.Name.Trim(),
        Subject = r.Subject.Trim(),
        Description = TextKey.Clean(r.Description),
        Customer = TextKey.Clean(r.Customer),
        Phone = TextKey.Clean(r.Phone),
        ProductFamily = r.ProductFamily.Trim(),
        Product = TextKey.Clean(r.Product),
        Brand = TextKey.Clean(r.Brand),
        SerialNumber = TextKey.Clean(r.SerialNumber),
        OrderNumber = TextKey.Clean(r.OrderNumber),
        InvoiceNumber = TextKey.Clean(r.InvoiceNumber),
    };

    private static string SubmissionKey(OpenTicket r)
    {
        var text = string.Join('\u001f', r.Email, r.Name, r.Subject, r.Description, r.Customer, r.Phone, r.ProductFamily,
            r.Product, r.Brand, r.SerialNumber, r.OrderNumber, r.InvoiceNumber, r.Channel);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
