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

/// <summary>Closing and reopening a ticket: its status, and the mail the customer gets (or not) in the ticket's brand
/// and language.</summary>
public class TicketClosingTests
{
    [Fact]
    public async Task Closing_then_reopening_goes_to_closed_then_back_to_action_required()
    {
        await using var s = await SetupAsync();

        var version = await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor);
        Assert.Equal(WellKnownStatus.Closed, (await s.ReloadAsync()).Status.Code);
        await s.Actions.ReopenAsync(s.Ticket.Id, version, Actor);

        var ticket = await s.ReloadAsync();
        Assert.Equal(WellKnownStatus.ActionRequired, ticket.Status.Code);
        Assert.Equal(["CloseRequested", "Reopened"], ticket.History.Where(a => a.Actor == Actor).OrderBy(a => a.Id).Select(a => a.Reason));
    }

    [Fact]
    public async Task Closing_tells_the_customer_in_the_brand_and_language_of_the_ticket()
    {
        await using var s = await SetupAsync();
        await using (var db = s.Database.CreateDbContext())
        {
            var brand = new Brand { Code = "lumeo", Name = "Lumeo", SenderName = "SAV Lumeo", SenderAddress = "sav@lumeo.example" };
            db.Brands.Add(brand);
            var stored = await db.Tickets.SingleAsync(t => t.Id == s.Ticket.Id);
            (stored.Brand, stored.Language) = (brand, "en");
            await db.SaveChangesAsync();
        }

        await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor, notifyCustomer: true);

        var ticket = await s.ReloadAsync();
        Assert.Equal(WellKnownStatus.Closed, ticket.Status.Code);
        var mail = Assert.Single(await MailsAsync(s, "ClosingConfirmation"));
        Assert.Equal(("marie.durand@college-pasteur.example", "Marie Durand"), (mail.Recipient, mail.RecipientName));
        Assert.Equal(("SAV Lumeo", "sav@lumeo.example"), (mail.FromName, mail.FromAddress));
        Assert.Equal(ticket.Id, mail.TicketId);
        Assert.Equal(OutboxState.Pending, mail.State);
        Assert.Contains(s.Ticket.Context, mail.Subject);
        Assert.Contains("is now closed", mail.Text);
    }

    [Fact]
    public async Task Reopening_tells_the_customer_in_french_by_default()
    {
        await using var s = await SetupAsync();
        var version = await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor, notifyCustomer: false);

        await s.Actions.ReopenAsync(s.Ticket.Id, version, Actor);

        Assert.Equal(WellKnownStatus.ActionRequired, (await s.ReloadAsync()).Status.Code);
        Assert.Empty(await MailsAsync(s, "ClosingConfirmation"));
        var mail = Assert.Single(await MailsAsync(s, "ReopeningConfirmation"));
        Assert.Equal("marie.durand@college-pasteur.example", mail.Recipient);
        Assert.Contains(s.Ticket.Context, mail.Subject);
        Assert.Contains("est réouvert", mail.Text);
    }

    [Fact]
    public async Task Unchecked_closing_and_reopening_change_the_status_and_send_nothing()
    {
        await using var s = await SetupAsync();

        var version = await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor, notifyCustomer: false);
        Assert.Equal(WellKnownStatus.Closed, (await s.ReloadAsync()).Status.Code);
        await s.Actions.ReopenAsync(s.Ticket.Id, version, Actor, notifyCustomer: false);

        Assert.Equal(WellKnownStatus.ActionRequired, (await s.ReloadAsync()).Status.Code);
        await using var db = s.Database.CreateDbContext();
        Assert.Equal(["OpeningConfirmation"], await db.OutboxMessages.Select(m => m.Template).ToListAsync());
    }

    [Fact]
    public async Task Closing_a_closed_ticket_mails_nothing_more()
    {
        await using var s = await SetupAsync();
        var version = await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor);

        await s.Actions.CloseAsync(s.Ticket.Id, version, Actor);

        Assert.Single(await MailsAsync(s, "ClosingConfirmation"));
    }

    [Fact]
    public async Task A_close_refused_for_an_old_version_mails_nothing()
    {
        await using var s = await SetupAsync();
        var seen = await VersionAsync(s);
        await s.Actions.ChangeStatusAsync(s.Ticket.Id, seen, "b20", "first@sav.local");

        await Assert.ThrowsAsync<TicketChangedException>(() => s.Actions.CloseAsync(s.Ticket.Id, seen, Actor));

        Assert.Equal("b20", (await s.ReloadAsync()).Status.Code);
        Assert.Empty(await MailsAsync(s, "ClosingConfirmation"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ticket_without_a_contact_address_closes_and_reopens_without_mail(bool contactWithoutEmail)
    {
        await using var s = await SetupAsync();
        await using (var db = s.Database.CreateDbContext())
        {
            var ticket = await db.Tickets.Include(t => t.Contact).SingleAsync(t => t.Id == s.Ticket.Id);
            if (contactWithoutEmail) ticket.Contact!.Email = "";
            else (ticket.Contact, ticket.ContactId) = (null, null);
            await db.SaveChangesAsync();
        }

        var version = await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor);
        await s.Actions.ReopenAsync(s.Ticket.Id, version, Actor);

        Assert.Equal(WellKnownStatus.ActionRequired, (await s.ReloadAsync()).Status.Code);
        await using var check = s.Database.CreateDbContext();
        Assert.Equal(["OpeningConfirmation"], await check.OutboxMessages.Select(m => m.Template).ToListAsync());
    }
}
