using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Tickets;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class CorpusTests
{
    [Theory]
    [MemberData(nameof(Corpus.Names), MemberType = typeof(Corpus))]
    public async Task Each_message_of_the_corpus_gets_its_expected_outcome(string name)
    {
        var expected = Corpus.Cases[name];
        await using var harness = await SweepHarness.CreateAsync();
        harness.Drop(expected.Build(harness));

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        var mail = await db.InboundMails.SingleAsync();
        Assert.True(expected.Outcome == mail.Outcome, $"{name}: {mail.Outcome} ({mail.Error})");
        Assert.Equal(1, report.Total);
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Conversation).Include(t => t.Documents).SingleAsync();
        var fromMail = ticket.Conversation.Where(e => e.InboundMailId == mail.Id).ToList();

        if (expected.Outcome == InboundOutcome.Filed)
        {
            Assert.Equal(ticket.Id, mail.TicketId);
            Assert.Equal(WellKnownStatus.ActionRequired, ticket.Status.Code);
            var entry = Assert.Single(fromMail);
            Assert.Equal(Direction.FromCustomer, entry.Direction);
            Assert.Equal(Channel.Email, entry.Channel);
            if (expected.TextContains is not null) Assert.Contains(expected.TextContains, entry.Text);
            foreach (var excluded in expected.TextExcludes ?? []) Assert.DoesNotContain(excluded, entry.Text);
            Assert.Equal((expected.Documents ?? []).Order(), ticket.Documents.Select(d => d.Name).Order());
            foreach (var document in ticket.Documents)
            {
                Assert.Equal(mail.Id, document.InboundMailId);
                Assert.True(File.Exists(Path.Combine(harness.Documents.Folder, document.StoreId)), document.StoreId);
                Assert.StartsWith(ticket.Code + "/", document.StoreId);
            }
        }
        else
        {
            Assert.Null(mail.TicketId);
            Assert.Empty(fromMail);
            Assert.Empty(ticket.Documents);
            Assert.Equal(WellKnownStatus.New, ticket.Status.Code);
            // Nothing is ever answered: the only mail is the opening confirmation.
            Assert.Equal(1, await db.OutboxMessages.CountAsync());
        }
        if (expected.Outcome == InboundOutcome.Unmatched)
            Assert.True(mail.RawPath is not null && File.Exists(mail.RawPath), "the raw message is kept for an analyst");
        if (expected.Outcome == InboundOutcome.IgnoredAutoReply) Assert.False(string.IsNullOrEmpty(mail.Error), "the reason is recorded");
    }
}
