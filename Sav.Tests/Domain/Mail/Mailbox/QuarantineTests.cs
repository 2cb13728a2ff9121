using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Tickets;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class QuarantineTests
{
    [Fact]
    public async Task An_analyst_files_a_quarantined_message_on_the_ticket_as_the_sweep_would()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Drop(Mime.Reply("Photos de l'écran", "Voici les photos, je n'ai plus le numéro.", Mime.File("ecran.jpg", "image/jpeg", 80_000)));
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        var quarantine = harness.Quarantine();
        var waiting = Assert.Single(await quarantine.ListAsync());
        Assert.Equal("Photos de l'écran", waiting.Subject);

        var result = await quarantine.FileAsync(waiting.Id, harness.Ticket.Code.ToLowerInvariant(), "analyste@sav.example");

        Assert.Equal(QuarantineResult.Filed, result);
        Assert.Empty(await quarantine.ListAsync());
        await using var db = harness.Database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Documents).Include(t => t.Conversation).Include(t => t.History).SingleAsync();
        Assert.Equal(WellKnownStatus.ActionRequired, ticket.Status.Code);
        Assert.Equal("ecran.jpg", Assert.Single(ticket.Documents).Name);
        var entry = Assert.Single(ticket.Conversation, e => e.InboundMailId == waiting.Id);
        Assert.Equal(Mime.Customer, entry.Author);
        Assert.Contains("je n'ai plus le numéro", entry.Text);
        Assert.Contains(ticket.History, a => a.Field == "Status" && a.Actor == "analyste@sav.example");
        var mail = await db.InboundMails.SingleAsync();
        Assert.Equal((InboundOutcome.Filed, ticket.Id), (mail.Outcome, mail.TicketId));

        Assert.Equal(QuarantineResult.AlreadyHandled, await quarantine.FileAsync(waiting.Id, harness.Ticket.Code, "autre@sav.example"));
        Assert.Single(await db.Documents.ToListAsync());
    }

    [Fact]
    public async Task Filing_on_an_unknown_ticket_changes_nothing()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Drop(Mime.Reply("Sans numéro", "Bonjour"));
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        var quarantine = harness.Quarantine();
        var waiting = Assert.Single(await quarantine.ListAsync());

        Assert.Equal(QuarantineResult.UnknownTicket, await quarantine.FileAsync(waiting.Id, "ZZZZ9", "analyste@sav.example"));
        Assert.Equal(QuarantineResult.UnknownMail, await quarantine.FileAsync(waiting.Id + 100, harness.Ticket.Code, "analyste@sav.example"));
        Assert.Single(await quarantine.ListAsync());
    }

    [Fact]
    public async Task A_discarded_message_leaves_the_quarantine_with_its_raw_copy()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Drop(Mime.Reply("Publicité", "Achetez"));
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        var quarantine = harness.Quarantine();
        var waiting = Assert.Single(await quarantine.ListAsync());
        string raw;
        await using (var db = harness.Database.CreateDbContext())
            raw = (await db.InboundMails.SingleAsync()).RawPath!;
        Assert.True(File.Exists(raw));

        Assert.True(await quarantine.DiscardAsync(waiting.Id, "analyste@sav.example"));

        Assert.Empty(await quarantine.ListAsync());
        Assert.False(File.Exists(raw));
        Assert.False(await quarantine.DiscardAsync(waiting.Id, "analyste@sav.example"));
        Assert.Equal(QuarantineResult.AlreadyHandled, await quarantine.FileAsync(waiting.Id, harness.Ticket.Code, "analyste@sav.example"));
        await using var check = harness.Database.CreateDbContext();
        var mail = await check.InboundMails.SingleAsync();
        Assert.Equal(InboundOutcome.Discarded, mail.Outcome);
        Assert.Contains("analyste@sav.example", mail.Error);
    }
}
