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

    [Fact]
    public async Task A_bounce_with_only_the_failed_address_is_linked_to_its_latest_mail()
    {
        var (harness, facts) = await SentAsync(realContext: false);
        await using var _ = harness;

        var (note, _, row) = await SweepAsync(harness, ApplianceBounceCorpus.Cases["null sender, status lines in the text"].Template, facts);

        Assert.Contains("550 5.1.1 user unknown", note);
        Assert.Contains("failed recipient", row.Error);
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
