using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Conversations;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

public class TicketOpenerTests
{
    [Fact]
    public async Task Opening_writes_the_ticket_its_first_message_and_a_confirmation_sent_in_french()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);

        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");

        Assert.Equal($"{opened.Code}#{services.Contexts.For(opened.Code).Control}", opened.Context);
        Assert.Equal("a10. Nouveau", opened.Status);
        await using var db = database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Contact).Include(t => t.Conversation).SingleAsync();
        Assert.Equal("Écran ne s'allume plus", ticket.Subject);
        Assert.Equal("marie.durand@college-pasteur.example", ticket.Contact!.Email);
        Assert.Equal("Collège Pasteur", ticket.CustomerText);
        var entry = Assert.Single(ticket.Conversation);
        Assert.Equal((Direction.FromCustomer, "Le voyant reste orange."), (entry.Direction, entry.Text));
        var mail = await db.OutboxMessages.SingleAsync();
        Assert.Equal(ticket.Id, mail.TicketId);
        Assert.Equal($"Ticket N° {opened.Context}# - Écran ne s'allume plus", mail.Subject);
        Assert.Equal("marie.durand@college-pasteur.example", mail.Recipient);
        Assert.Equal(OutboxState.Pending, mail.State);

        // The body is rendered when the mail leaves, and kept on the row.
        Assert.Equal(1, await services.Dispatcher().DispatchAsync());
        await db.Entry(mail).ReloadAsync();
        Assert.Equal(OutboxState.Sent, mail.State);
        Assert.Contains("Votre demande a bien été enregistrée", mail.Text);
        Assert.Contains("Bonjour Marie Durand", mail.Html);
        var sent = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(services.Mail.PickupFolder!, "*.eml")));
        Assert.Contains(opened.Context, sent);
    }

    [Theory]
    [InlineData("ecrans tactiles")]
    [InlineData("ÉCRANS  TACTILES")]
    [InlineData("ECRAN")]
    public async Task The_product_family_is_matched_ignoring_case_and_accents(string given)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var services = new TestServices(database);

        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with { ProductFamily = given, Brand = "ecran+" }, "form");

        await using var db = database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.ProductFamily).Include(t => t.Brand).SingleAsync(t => t.Id == opened.Id);
        Assert.Equal("Écrans tactiles", ticket.ProductFamily?.Name);
        Assert.Null(ticket.ProductFamilyText);
        Assert.Equal("Écran+", ticket.Brand?.Name);
    }

    [Fact]
    public async Task An_unknown_family_or_brand_is_kept_as_given_and_the_ticket_is_opened()
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var services = new TestServices(database);

        var opened = await services.Opener.OpenAsync(
            TestServices.ValidRequest() with { ProductFamily = "Vidéoprojecteurs", Brand = "Inconnue SA" }, "form");

        await using var db = database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Brand).SingleAsync(t => t.Id == opened.Id);
        Assert.Null(ticket.ProductFamilyId);
        Assert.Equal("Vidéoprojecteurs", ticket.ProductFamilyText);
        Assert.Equal("Inconnue SA", ticket.BrandText);
        Assert.True(ticket.Brand!.IsDefault);
    }

    [Fact]
    public async Task A_known_address_reuses_its_contact_and_a_company_domain_finds_its_client()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Clients.Add(new Client { ErpId = "C1", Name = "Collège Pasteur", EmailDomain = "college-pasteur.example" });
            await db.SaveChangesAsync();
        }
        var services = new TestServices(database);

        await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Autre panne" }, "form");

        await using var check = database.CreateDbContext();
        Assert.Equal(1, await check.Contacts.CountAsync());
        Assert.All(await check.Tickets.Include(t => t.Client).ToListAsync(), t => Assert.Equal("Collège Pasteur", t.Client?.Name));
    }

    [Fact]
    public async Task A_public_mail_domain_does_not_link_a_client()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Clients.Add(new Client { ErpId = "C1", Name = "Gmail fan club", EmailDomain = "gmail.com" });
            await db.SaveChangesAsync();
        }
        var services = new TestServices(database);

        await services.Opener.OpenAsync(TestServices.ValidRequest("jean@gmail.com"), "form");

        await using var check = database.CreateDbContext();
        Assert.Null((await check.Tickets.SingleAsync()).ClientId);
    }

    [Fact]
    public async Task The_same_submission_twice_makes_one_ticket_and_one_mail()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);

        var first = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        var second = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Email = " Marie.Durand@College-Pasteur.example " }, "form");

        Assert.Equal(first.Context, second.Context);
        Assert.True(second.Duplicate);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task The_same_submission_sent_concurrently_makes_one_ticket_and_one_mail()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opener = new TicketOpener(database, new OpenTicketValidator(), services.Contexts, services.Composer, services.Clock,
            new WriteGate(database.Database));

        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            opener.OpenAsync(TestServices.ValidRequest(), "form"))));

        Assert.Single(opened.Select(o => o.Context).Distinct());
        Assert.Equal(7, opened.Count(o => o.Duplicate));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task A_family_added_while_the_opener_runs_is_matched_by_the_next_opening()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opener = services.Opener;
        var request = TestServices.ValidRequest() with { ProductFamily = "Vidéoprojecteurs" };
        var before = await opener.OpenAsync(request, "form");
        await using (var setup = database.CreateDbContext())
        {
            setup.ProductFamilies.Add(new ProductFamily { Code = "video", Name = "Vidéoprojecteurs" });
            await setup.SaveChangesAsync();
        }

        var after = await opener.OpenAsync(request with { Subject = "Lampe grillée" }, "form");

        await using var db = database.CreateDbContext();
        Assert.Null((await db.Tickets.SingleAsync(t => t.Id == before.Id)).ProductFamilyId);
        var ticket = await db.Tickets.Include(t => t.ProductFamily).SingleAsync(t => t.Id == after.Id);
        Assert.Equal("Vidéoprojecteurs", ticket.ProductFamily?.Name);
        Assert.Null(ticket.ProductFamilyText);
    }

    [Theory]
    [InlineData("EMAIL", "")]
    [InlineData("EMAIL", "not-an-address")]
    [InlineData("NAME", "")]
    [InlineData("SUBJECT", "   ")]
    [InlineData("SUBJECT", "line\nbreak")]
    [InlineData("PRODUCT_FAMILY", "")]
    [InlineData("DESCRIPTION", "bell\u0007")]
    public async Task A_bad_field_is_named_and_nothing_is_written(string field, string value)
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var request = field switch
        {
            "EMAIL" => TestServices.ValidRequest() with { Email = value },
            "NAME" => TestServices.ValidRequest() with { Name = value },
            "SUBJECT" => TestServices.ValidRequest() with { Subject = value },
            "PRODUCT_FAMILY" => TestServices.ValidRequest() with { ProductFamily = value },
            _ => TestServices.ValidRequest() with { Description = value },
        };

        var error = await Assert.ThrowsAsync<ValidationException>(() => services.Opener.OpenAsync(request, "form"));

        Assert.Contains(error.Errors, e => e.PropertyName == field);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
        Assert.Equal(0, await db.Contacts.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task A_subject_over_its_limit_is_refused_with_the_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = new string('x', 201) }, "form"));

        var failure = Assert.Single(error.Errors);
        Assert.Equal("SUBJECT", failure.PropertyName);
        Assert.Contains("200", failure.ErrorMessage);
    }

    [Fact]
    public async Task The_confirmation_reaches_the_pickup_folder_as_an_eml_with_the_context_in_its_subject()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");

        var sent = await services.Dispatcher().DispatchAsync();

        Assert.Equal(1, sent);
        var file = Assert.Single(Directory.GetFiles(services.Mail.PickupFolder, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal($"Ticket N° {opened.Context}# - Écran ne s'allume plus", message.Subject);
        Assert.Equal("marie.durand@college-pasteur.example", message.To.Mailboxes.Single().Address);
        Assert.Contains("Votre demande a bien été enregistrée", message.TextBody);
        Assert.Empty(Directory.GetFiles(services.Mail.PickupFolder, "*.tmp", SearchOption.AllDirectories));
        await using var db = database.CreateDbContext();
        var row = await db.OutboxMessages.SingleAsync();
        Assert.Equal((OutboxState.Sent, Path.GetFileName(file)), (row.State, row.ProviderId));
    }

    [Fact]
    public async Task Three_submissions_with_other_names_and_phones_never_rename_the_contact_and_each_ticket_keeps_what_it_said()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        await services.Opener.OpenAsync(TestServices.ValidRequest() with { Phone = "01 23 45 67 89" }, "form");
        string[] names = ["Marie", "M. Durand", "marie durand"];

        foreach (var (name, i) in names.Select((n, i) => (n, i)))
            await services.Opener.OpenAsync(TestServices.ValidRequest() with { Name = name, Subject = $"Autre panne {i}", Phone = "06 00 00 00 0" + i }, "form");

        await using var db = database.CreateDbContext();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal(("Marie Durand", "01 23 45 67 89"), (contact.Name, contact.Phone));
        var proposals = await db.AuditEntries.Where(a => a.Reason == ContactRules.ProposedReason).OrderBy(a => a.Id).ToListAsync();
        // « marie durand » is the same name: only what really differs waits for an analyst.
        Assert.Equal(["Marie", "M. Durand"], proposals.Where(p => p.Field == ContactRules.NameField).Select(p => p.After));
        Assert.All(proposals.Where(p => p.Field == ContactRules.NameField), p => Assert.Equal("Marie Durand", p.Before));
        Assert.Equal(3, proposals.Count(p => p.Field == ContactRules.PhoneField));
        // The confirmation greets the contact on record.
        await services.Dispatcher().DispatchAsync();
        Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Contains("Bonjour Marie Durand", m.Text));
    }

    [Fact]
    public async Task A_submission_fills_in_what_the_contact_lacks()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");

        await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Autre", Phone = "01 23 45 67 89" }, "form");

        await using var db = database.CreateDbContext();
        Assert.Equal("01 23 45 67 89", (await db.Contacts.SingleAsync()).Phone);
        Assert.Empty(await db.AuditEntries.Where(a => a.Reason == ContactRules.ProposedReason).ToListAsync());
    }
}
