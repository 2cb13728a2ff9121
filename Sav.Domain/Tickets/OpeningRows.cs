using Sav.Domain.Audit;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets.Writer;

namespace Sav.Domain.Tickets;

/// <summary>
/// What one opening writes, inside the writer's transaction: nothing when the same submission opened a ticket within
/// <see cref="TicketOpener.DuplicateWindow"/> (its ticket is the answer); else the contact, found by its address or
/// added, the ticket's client, the ticket, its first message, its history and its confirmation mail.
/// </summary>
internal sealed class OpeningRows(TicketContexts contexts)
{
    /// <summary>Writes <paramref name="opening"/> as the ticket numbered <paramref name="number"/>, or finds its duplicate.</summary>
    public async Task<OpenedTicket> WriteAsync(OpeningStore store, PendingOpening opening, long number)
    {
        var request = opening.Request;
        var now = opening.Now;

        if (opening.Number is null && await store.DuplicateAsync(opening.Key, now - TicketOpener.DuplicateWindow) is { } duplicate)
            return new OpenedTicket(duplicate.Id, duplicate.Code, contexts.For(duplicate.Code).ToString(),
                new Status { Code = duplicate.StatusCode, Label = duplicate.StatusLabel }.Display, Duplicate: true);

        var contact = new Contact { Email = request.Email, Name = request.Name, Phone = request.Phone };
        var (clientId, proposals) = await MatchContactAsync(store, contact, request);

        var catalogue = opening.Catalogue;
        var status = catalogue.Status!;
        var ticket = new Ticket
        {
            Code = TicketCode.FromNumber(number),
            Subject = request.Subject,
            Description = request.Description,
            CustomerText = request.Customer,
            SerialNumber = request.SerialNumber,
            OrderNumber = request.OrderNumber,
            InvoiceNumber = request.InvoiceNumber,
            Warranty = request.Warranty,
            Channel = request.Channel,
            SubmissionKey = opening.Key,
            CreatedAt = now,
            UpdatedAt = now,
            ProductFamilyId = catalogue.FamilyId,
            ProductFamilyText = catalogue.FamilyText,
            ProductId = catalogue.ProductId,
            ProductText = catalogue.ProductText,
            BrandId = catalogue.Brand?.Id,
            BrandText = catalogue.BrandText,
            Language = request.Language ?? catalogue.Brand?.Language ?? "fr",
            ContactId = contact.Id,
            ClientId = clientId,
        };
        TicketLifecycle.Move(ticket, status, TicketEvent.Opened, opening.Actor, now);
        if (catalogue.Sla is { } sla) Sla.SlaPolicy.Start(ticket, sla);
        foreach (var (field, known, proposed) in proposals)
        {
            ticket.History.Add(new AuditEntry
            {
                At = now, Actor = opening.Actor, Field = field, Before = known, After = proposed, Reason = ContactRules.ProposedReason,
            });
        }
        ticket.Id = await store.AddAsync(ticket);

        if (!string.IsNullOrEmpty(request.Description))
        {
            await store.AddAsync(new ConversationEntry
            {
                TicketId = ticket.Id,
                Direction = Direction.FromCustomer,
                Channel = request.Channel,
                Author = contact.Email,
                Text = request.Description,
                At = now,
            });
        }
        foreach (var entry in ticket.History)
        {
            entry.TicketId = ticket.Id;
            await store.AddAsync(entry);
        }

        var context = contexts.For(ticket.Code);
        var confirmation = opening.Confirmation.For(context);
        confirmation.TicketId = ticket.Id;
        await store.AddAsync(confirmation);

        return new OpenedTicket(ticket.Id, ticket.Code, context.ToString(), status.Display, Duplicate: false);
    }

    /// <summary>Finds or adds the contact by its address (its id set on <paramref name="contact"/>) and returns the
    /// ticket's client: the one the request names, else the contact's, else the one of a company domain; and what the
    /// request says of a known contact that differs from the record (<see cref="ContactRules"/>), for the ticket's history.</summary>
    private static async Task<(int? ClientId, IReadOnlyList<(string Field, string? Known, string Proposed)> Proposals)> MatchContactAsync(
        OpeningStore store, Contact contact, OpenTicket request)
    {
        int? clientId = null;
        if (request.ClientId is { } requested) clientId = await store.ClientAsync(requested);

        var known = await store.ContactAsync(request.Email);
        clientId ??= known?.ClientId;
        if (clientId is null && TicketOpener.CompanyDomain(request.Email) is { } domain) clientId = await store.ClientByDomainAsync(domain);

        contact.ClientId = known?.ClientId ?? clientId;
        if (known is null)
        {
            contact.Id = await store.AddAsync(contact);
            return (clientId, []);
        }

        contact.Id = known.Id;
        var (name, phone, proposals) = ContactRules.Merge(known.Name, known.Phone, request.Name, request.Phone);
        (contact.Name, contact.Phone) = (name, phone);
        await store.UpdateAsync(contact);
        return (clientId, proposals);
    }
}
