using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

using static Sav.Tests.Domain.Tickets.TicketActionsFixture;

namespace Sav.Tests.Domain.Tickets;

/// <summary>What analysts do to a ticket through <see cref="TicketActions"/>: ask, note, move, assign, edit, link, and
/// the version that keeps two analysts from overwriting each other. Closing and reopening: <see cref="TicketClosingTests"/>.</summary>
public class TicketActionsTests
{
    [Fact]
    public async Task Asking_a_question_writes_the_message_its_mail_and_waits_on_the_customer()
    {
        await using var s = await SetupAsync();

        await s.Actions.AskAsync(s.Ticket.Id, "Pouvez-vous envoyer une photo de l'étiquette ?", Actor);

        var ticket = await s.ReloadAsync();
        Assert.Equal(WellKnownStatus.WaitingOnCustomer, ticket.Status.Code);
        var question = Assert.Single(ticket.Conversation, e => e.Direction == Direction.ToCustomer);
        Assert.Equal(Actor, question.Author);
        await using var db = s.Database.CreateDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Template == "Question");
        Assert.Equal(question.OutboxMessageId, mail.Id);
        Assert.Equal("marie.durand@college-pasteur.example", mail.Recipient);
        Assert.Equal(OutboxState.Pending, mail.State);
        Assert.Contains("Pouvez-vous envoyer une photo de l'étiquette ?", mail.Text);
        Assert.Contains(s.Ticket.Context, mail.Subject);
        Assert.Contains(ticket.History, a => a.Field == "Status" && a.After == "c20. Attente précisions Demandeur" && a.Actor == Actor);
    }

    [Fact]
    public async Task Changing_the_status_records_before_and_after()
    {
        await using var s = await SetupAsync();

        await s.Actions.ChangeStatusAsync(s.Ticket.Id, await VersionAsync(s), "b20", Actor, "Diagnostic lancé");

        var ticket = await s.ReloadAsync();
        Assert.Equal("b20", ticket.Status.Code);
        var audit = Assert.Single(ticket.History, a => a.Actor == Actor);
        Assert.Equal(("Status", "a10. Nouveau", "b20. Diagnostic en cours", "Diagnostic lancé"), (audit.Field, audit.Before, audit.After, audit.Reason));
    }

    [Fact]
    public async Task Assigning_an_analyst_is_audited_and_an_inactive_one_is_refused()
    {
        await using var s = await SetupAsync();
        int active, inactive;
        await using (var db = s.Database.CreateDbContext())
        {
            var a = new Analyst { Email = "lea@sav.local", DisplayName = "Léa Dubois" };
            var b = new Analyst { Email = "parti@sav.local", DisplayName = "Parti", Active = false };
            db.Analysts.AddRange(a, b);
            await db.SaveChangesAsync();
            (active, inactive) = (a.Id, b.Id);
        }

        var version = await s.Actions.AssignAsync(s.Ticket.Id, await VersionAsync(s), active, Actor);
        Assert.Equal(TicketProblem.NoSuchAnalyst, (await Assert.ThrowsAsync<TicketActionException>(() => s.Actions.AssignAsync(s.Ticket.Id, version, inactive, Actor))).Problem);

        var ticket = await s.ReloadAsync();
        Assert.Equal("Léa Dubois", ticket.Analyst?.DisplayName);
        Assert.Contains(ticket.History, a => a.Field == "Analyst" && a.Before == null && a.After == "Léa Dubois");
    }

    [Fact]
    public async Task Editing_fields_audits_each_changed_field_only()
    {
        await using var s = await SetupAsync();
        int familyId, productId;
        await using (var db = s.Database.CreateDbContext())
        {
            var family = new ProductFamily { Code = "ECRAN", Name = "Écrans tactiles" };
            family.Products.Add(new Product { Code = "ET-65", Name = "Écran tactile 65\"" });
            db.ProductFamilies.Add(family);
            await db.SaveChangesAsync();
            (familyId, productId) = (family.Id, family.Products[0].Id);
        }
        var before = await s.ReloadAsync();

        await s.Actions.EditAsync(s.Ticket.Id, before.Version, new TicketEdit
        {
            Subject = before.Subject, Description = before.Description, SerialNumber = "SN-42", Warranty = Warranty.Yes,
            ProductFamilyId = familyId, ProductId = productId,
        }, Actor);

        var ticket = await s.ReloadAsync();
        Assert.Equal(("SN-42", Warranty.Yes, "Écran tactile 65\"", (string?)null), (ticket.SerialNumber, ticket.Warranty, ticket.Product?.Name, ticket.ProductFamilyText));
        Assert.Equal(["Product", "ProductFamily", "SerialNumber", "Warranty"],
            ticket.History.Where(a => a.Actor == Actor).Select(a => a.Field).Order());
        Assert.Contains(ticket.History, a => a.Field == "ProductFamily" && a.Before == "Écrans tactiles" && a.After == "Écrans tactiles");
    }

    [Fact]
    public async Task Linking_a_client_links_the_contact_too_and_keeps_what_the_customer_typed()
    {
        await using var s = await SetupAsync();
        int clientId;
        await using (var db = s.Database.CreateDbContext())
        {
            var client = new Client { Name = "Collège Louis Pasteur", ErpId = "C1" };
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            clientId = client.Id;
        }

        await s.Actions.LinkClientAsync(s.Ticket.Id, await VersionAsync(s), clientId, Actor);

        var ticket = await s.ReloadAsync();
        Assert.Equal("Collège Louis Pasteur", ticket.Client?.Name);
        Assert.Equal(clientId, ticket.Contact?.ClientId);
        Assert.Equal("Collège Pasteur", ticket.CustomerText);
        Assert.Contains(ticket.History, a => a.Field == "Client" && a.Before == "Collège Pasteur" && a.After == "Collège Louis Pasteur");
    }

    [Fact]
    public async Task A_second_analyst_with_an_old_version_is_told_and_the_first_change_stays()
    {
        await using var s = await SetupAsync();
        var seen = await VersionAsync(s);

        await s.Actions.ChangeStatusAsync(s.Ticket.Id, seen, "b20", "first@sav.local");
        var conflict = await Assert.ThrowsAsync<TicketChangedException>(() => s.Actions.ChangeStatusAsync(s.Ticket.Id, seen, "b30", "second@sav.local"));

        Assert.Equal(s.Ticket.Code, conflict.Code);
        var ticket = await s.ReloadAsync();
        Assert.Equal("b20", ticket.Status.Code);
        Assert.DoesNotContain(ticket.History, a => a.Actor == "second@sav.local");
    }

    [Fact]
    public async Task Two_edits_racing_on_the_same_version_let_only_one_through()
    {
        await using var s = await SetupAsync();
        var seen = await VersionAsync(s);
        var edits = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            try
            {
                await s.Actions.EditAsync(s.Ticket.Id, seen, new TicketEdit { Subject = $"Sujet {i}" }, $"a{i}@sav.local");
                return true;
            }
            catch (TicketChangedException)
            {
                return false;
            }
        })).ToList();

        var results = await Task.WhenAll(edits);

        Assert.Equal(1, results.Count(r => r));
        var ticket = await s.ReloadAsync();
        Assert.Single(ticket.History, a => a.Field == "Subject");
    }

    [Fact]
    public async Task A_note_is_internal_and_sends_nothing()
    {
        await using var s = await SetupAsync();

        await s.Actions.AddNoteAsync(s.Ticket.Id, "  Client rappelé, attend un devis.  ", Actor);

        var ticket = await s.ReloadAsync();
        var note = Assert.Single(ticket.Conversation, e => e.Direction == Direction.InternalNote);
        Assert.Equal("Client rappelé, attend un devis.", note.Text);
        Assert.Equal(WellKnownStatus.New, ticket.Status.Code);
        await using var db = s.Database.CreateDbContext();
        Assert.Equal(["OpeningConfirmation"], await db.OutboxMessages.Select(m => m.Template).ToListAsync());
        Assert.Equal(TicketProblem.EmptyMessage, (await Assert.ThrowsAsync<TicketActionException>(() => s.Actions.AddNoteAsync(s.Ticket.Id, "   ", Actor))).Problem);
    }
}
