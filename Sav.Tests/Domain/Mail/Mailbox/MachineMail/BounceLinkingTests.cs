using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Outbox;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

public class BounceLinkingTests
{
    private static async Task<(SweepHarness Harness, MailFacts Facts)> SentAsync(bool realContext)
    {
        var harness = await SweepHarness.CreateAsync();
        await harness.Services.Dispatcher().DispatchAsync();
        await using var db = harness.Database.CreateDbContext();
        var recipient = await db.OutboxMessages.Select(m => m.Recipient).SingleAsync();
        return (harness, new MailFacts(realContext ? harness.Context : "ZZZZ9#ABCDE", harness.SentMessageId, recipient));
    }

    private static async Task<(string Note, OutboxMessage Mail, InboundMail Row)> SweepAsync(SweepHarness harness, string template, MailFacts facts)
    {
        harness.Drop(Eml.Of(template, facts));
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        await using var db = harness.Database.CreateDbContext();
        var row = await db.InboundMails.SingleAsync();
        Assert.Equal(InboundOutcome.IgnoredAutoReply, row.Outcome);
        var note = await db.ConversationEntries.Where(e => e.Direction == Direction.InternalNote && e.TicketId == harness.Ticket.Id)
            .Select(e => e.Text).SingleAsync();
        return (note, await db.OutboxMessages.SingleAsync(), row);
    }

    [Fact]
    public async Task A_DSN_is_linked_by_the_original_Message_ID_and_stops_the_mail()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;

        var (note, mail, row) = await SweepAsync(harness, DsnCorpus.Cases["Postfix DSN, user unknown"].Template, facts);

        Assert.StartsWith("Le mail du ", note);
        Assert.Contains($"à {facts.Recipient} n'a pas pu être remis : 550 5.1.1", note);
        Assert.Contains("User unknown", note);
        Assert.Equal(OutboxState.Failed, mail.State);
        Assert.Contains("5.1.1", mail.LastError);
        Assert.Contains("original Message-ID", row.Error);
    }

    [Fact]
    public async Task A_plain_bounce_is_linked_by_its_In_Reply_To()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;
        var template = ApplianceBounceCorpus.Cases["X-Failed-Recipients only"].Template.Replace("X-Failed-Recipients:", "In-Reply-To: <{ORIGID}>\nX-Failed-Recipients:");

        var (note, _, row) = await SweepAsync(harness, template, facts);

        Assert.Contains("n'a pas pu être remis : ", note);
        Assert.Contains("In-Reply-To", row.Error);
    }

    [Fact]
    public async Task A_bounce_quoting_only_the_subject_is_linked_by_its_context()
    {
        var (harness, facts) = await SentAsync(realContext: true);
        await using var _ = harness;

        var (note, mail, row) = await SweepAsync(harness, PlainBounceCorpus.Cases["Domino plain text"].Template, facts);

        Assert.Contains($"à {facts.Recipient} n'a pas pu être remis", note);
        Assert.Contains("context", row.Error);
        Assert.Equal(OutboxState.Failed, mail.State);
    }

    private const string Forged = "null sender, status lines in the text";

    [Fact]
    public async Task A_forged_bounce_naming_a_customer_and_quoting_nothing_of_Sav_changes_nothing_and_is_recorded_unverified()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;
        harness.Drop(Eml.Of(ApplianceBounceCorpus.Cases[Forged].Template, facts));

        await harness.Sweeper().SweepAsync(CancellationToken.None);
        // The customer's next confirmation: another opening by the same address.
        await harness.Services.Opener.OpenAsync(Sav.Tests.Support.TestServices.ValidRequest(facts.Recipient) with { Subject = "Télécommande muette" }, "form");
        var sent = await harness.Services.Dispatcher().DispatchAsync();

        Assert.Equal(1, sent);
        await using var db = harness.Database.CreateDbContext();
        var row = await db.InboundMails.SingleAsync();
        Assert.Equal((InboundOutcome.IgnoredAutoReply, false, facts.Recipient), (row.Outcome, row.BounceVerified, row.BounceRecipient));
        Assert.Contains("550 5.1.1 user unknown", row.BounceReason);
        var contact = await db.Contacts.SingleAsync(c => c.Email == facts.Recipient);
        Assert.Null(contact.BouncedAt);
        Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Empty(await db.ConversationEntries.Where(e => e.Direction == Direction.InternalNote).ToListAsync());
    }

    [Fact]
    public async Task The_same_bounce_quoting_the_confirmation_s_Message_ID_marks_the_address_and_holds_the_next_mail()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;
        var quoting = ApplianceBounceCorpus.Cases[Forged].Template + "\n\nMessage-ID: <{ORIGID}>\n";
        harness.Drop(Eml.Of(quoting, facts));

        await harness.Sweeper().SweepAsync(CancellationToken.None);
        await harness.Services.Opener.OpenAsync(Sav.Tests.Support.TestServices.ValidRequest(facts.Recipient) with { Subject = "Télécommande muette" }, "form");
        var sent = await harness.Services.Dispatcher().DispatchAsync();

        Assert.Equal(0, sent);
        await using var db = harness.Database.CreateDbContext();
        var row = await db.InboundMails.SingleAsync();
        Assert.Equal((true, facts.Recipient), (row.BounceVerified, row.BounceRecipient));
        Assert.Contains("original Message-ID", row.Error);
        Assert.True((await db.Contacts.SingleAsync(c => c.Email == facts.Recipient)).BouncePermanent);
        var held = await db.OutboxMessages.OrderBy(m => m.Id).LastAsync();
        Assert.StartsWith($"Retenu : l'adresse {facts.Recipient} est en échec permanent", held.LastError);
    }

    [Fact]
    public async Task A_bounce_quoting_a_real_mail_but_naming_someone_else_marks_only_that_mail_s_recipient()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;
        var victim = "paul.martin@ecole-ferry.example";
        await harness.Services.Opener.OpenAsync(Sav.Tests.Support.TestServices.ValidRequest(victim), "form");
        var quoting = ApplianceBounceCorpus.Cases[Forged].Template + "\n\nMessage-ID: <{ORIGID}>\n";
        harness.Drop(Eml.Of(quoting, facts with { Recipient = victim }));

        await harness.Sweeper().SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        Assert.Null((await db.Contacts.SingleAsync(c => c.Email == victim)).BouncedAt);
        Assert.NotNull((await db.Contacts.SingleAsync(c => c.Email == facts.Recipient)).BouncedAt);
    }

    [Fact]
    public async Task A_temporary_failure_is_only_shown()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;

        var (note, mail, _) = await SweepAsync(harness, DsnCorpus.Cases["Postfix DSN, delayed"].Template, facts);

        Assert.Contains("4.4.1", note);
        Assert.Contains("temporaire", note);
        Assert.Equal(OutboxState.Sent, mail.State);
    }

    [Fact]
    public async Task The_note_gives_the_time_in_the_team_s_time_zone()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;
        await using (var db = harness.Database.CreateDbContext())
            await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)));

        var (note, _, _) = await SweepAsync(harness, DsnCorpus.Cases["Postfix DSN, user unknown"].Template, facts);

        Assert.StartsWith("Le mail du 02/12/2026 à 10:00 à ", note);
    }
}
