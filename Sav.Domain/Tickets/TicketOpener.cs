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
using Sav.Domain.Tickets.Writer;
using Sav.Domain.Text;

namespace Sav.Domain.Tickets;

/// <summary>Opens a ticket: the ticket, its first message, its audit and its confirmation mail are
/// written in one transaction, so an accepted submission is whole or absent. The checks, the
/// normalisation and the catalogue's matching run here, side by side; the writes go to one
/// <see cref="OpeningWriter"/>, which writes the openings waiting at the same time together.</summary>
public sealed class TicketOpener(
    IDbContextFactory<SavDbContext> dbFactory,
    IValidator<OpenTicket> validator,
    TicketContexts contexts,
    MailComposer mail,
    TimeProvider clock,
    WriteGate? gate = null,
    Sla.WorkingCalendar? calendar = null)
{
    private readonly Sla.WorkingCalendar _calendar = calendar ?? Sla.WorkingCalendar.Default;
    private readonly OpeningReferences _references = new(dbFactory, clock);
    private readonly OpeningWriter _writer = new(dbFactory, contexts, gate);

    /// <summary>A second identical submission within this window returns the first ticket.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <summary>How many openings wait for the writer (checked and matched, not yet written).</summary>
    public int Queued => _writer.Queued;

    /// <summary>How many commits wrote openings since the start, how many openings they wrote, and the writer's CPU time.</summary>
    public OpeningWriterStats Written => _writer.Written;

    internal OpeningWriter Writer => _writer;

    /// <exception cref="ValidationException">when a field is missing, too long or malformed.</exception>
    /// <exception cref="OperationCanceledException">when <paramref name="cancellationToken"/> is cancelled before the
    /// opening's turn to be written: nothing is written then. Once its turn has come, it is written whole.</exception>
    public async Task<OpenedTicket> OpenAsync(OpenTicket request, string actor, CancellationToken cancellationToken = default)
    {
        var (checkedRequest, key) = Prepare(request);
        return await OpenAsync(checkedRequest, actor, key, clock.GetUtcNow(), number: null, cancellationToken);
    }

    /// <summary>Checks and normalises a request without the database, and gives its submission key: what a journalled
    /// opening keeps until the database is back.</summary>
    /// <exception cref="ValidationException">when a field is missing, too long or malformed.</exception>
    public (OpenTicket Request, string Key) Prepare(OpenTicket request)
    {
        validator.ValidateAndThrow(request);
        var normalised = Normalise(request);
        return (normalised, SubmissionKey(normalised));
    }

    /// <summary>Writes a journalled opening as the ticket numbered <paramref name="number"/> (reserved before the database
    /// went away), dated when it came. No duplicate check: the customer was given this ticket's code.</summary>
    public Task<OpenedTicket> ReplayAsync(OpenTicket prepared, string actor, string key, DateTimeOffset at, long number,
        CancellationToken cancellationToken) => OpenAsync(prepared, actor, key, at, number, cancellationToken);

    private async Task<OpenedTicket> OpenAsync(OpenTicket request, string actor, string key, DateTimeOffset now, long? number,
        CancellationToken cancellationToken)
    {
        var references = await _references.GetAsync(reload: false, cancellationToken);
        var catalogue = Match(references, request);
        if (!catalogue.Complete) catalogue = Match(references = await _references.GetAsync(reload: true, cancellationToken), request);
        if (catalogue.Status is null)
            throw new InvalidOperationException($"The status {WellKnownStatus.New} is missing: run the migrate verb.");
        // The response target in force now (the snapshot's: a change made in the last seconds may wait for its reload).
        if (Sla.SlaPolicy.For(references.Targets, catalogue.Brand?.Id, request.Warranty, now) is { } target)
            catalogue = catalogue with { Sla = Sla.SlaPolicy.Dues(target, now, _calendar) };

        // The confirmation is rendered here, side by side with other openings; the writer only puts the code in.
        var language = request.Language ?? catalogue.Brand?.Language ?? "fr";
        var confirmation = mail.Draft(new Ticket
        {
            Subject = request.Subject,
            Language = language,
            Status = catalogue.Status,
            Contact = new Contact { Email = request.Email, Name = request.Name },
        }, catalogue.Brand, MailTemplate.OpeningConfirmation);
        return await _writer.WriteAsync(new PendingOpening(request, actor, key, now, catalogue, confirmation, cancellationToken)
            { Number = number });
    }

    /// <summary>What the submission names in the catalogue and the brands.</summary>
    internal sealed record Catalogue(int? FamilyId, string? FamilyText, int? ProductId, string? ProductText,
        Brand? Brand, string? BrandText, Status? Status, bool Complete)
    {
        public Sla.SlaStart? Sla { get; init; }
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

    /// <summary>The domain of the address, unless it is a public one, which says nothing about the customer's company.</summary>
    internal static string? CompanyDomain(string email) =>
        email.LastIndexOf('@') is var at and > 0 && email[(at + 1)..] is var domain && !PublicMailDomains.Contains(domain) ? domain : null;

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
