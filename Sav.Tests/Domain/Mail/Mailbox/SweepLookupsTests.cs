using System.Collections.Concurrent;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>The sweep's questions to the database: a Message-ID recorded before or during
/// the sweep is recognised, and only that one; messages prepared at the same time get their own answers.</summary>
public class SweepLookupsTests
{
    [Fact]
    public async Task A_Message_ID_recorded_before_or_while_the_lookups_are_open_is_seen_and_no_other()
    {
        await using var harness = await SweepHarness.CreateAsync();
        await Record(harness, "before@customer.example");
        await using var lookups = await SweepLookups.OpenAsync(harness.Database, CancellationToken.None);
        await Record(harness, "during@customer.example");

        Assert.True(await lookups.SeenAsync("before@customer.example", CancellationToken.None));
        Assert.True(await lookups.SeenAsync("during@customer.example", CancellationToken.None));
        Assert.False(await lookups.SeenAsync("other@customer.example", CancellationToken.None));
        Assert.False(await lookups.SeenAsync("before@customer.example.org", CancellationToken.None));
    }

    [Fact]
    public async Task Lookups_asked_from_many_messages_at_once_each_get_their_own_answer()
    {
        await using var harness = await SweepHarness.CreateAsync();
        for (var i = 0; i < 20; i += 2) await Record(harness, $"m{i}@customer.example");
        await using var lookups = await SweepLookups.OpenAsync(harness.Database, CancellationToken.None);
        var matcher = new ReplyMatcher(harness.Services.Contexts);
        var known = new ConcurrentDictionary<string, int>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            (Seen: await lookups.SeenAsync($"m{i}@customer.example", CancellationToken.None),
             Ticket: await lookups.MatchAsync(matcher, $"RE: Votre demande {harness.Context}", [], known, CancellationToken.None)))));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 2 == 0), answers.Select(a => a.Seen));
        Assert.All(answers, a => Assert.Equal(harness.Ticket.Id, a.Ticket));
        Assert.Equal(harness.Ticket.Id, Assert.Single(known).Value);
    }

    [Fact]
    public async Task A_reply_matches_by_the_mail_it_answers_and_a_stranger_matches_nothing()
    {
        await using var harness = await SweepHarness.CreateAsync();
        await using var lookups = await SweepLookups.OpenAsync(harness.Database, CancellationToken.None);
        var matcher = new ReplyMatcher(harness.Services.Contexts);
        var known = new ConcurrentDictionary<string, int>();

        Assert.Equal(harness.Ticket.Id, await lookups.MatchAsync(matcher, "Re: ma commande", [harness.SentMessageId], known, CancellationToken.None));
        Assert.Null(await lookups.MatchAsync(matcher, "Bonjour", ["unknown@elsewhere.example"], known, CancellationToken.None));
    }

    private static async Task Record(SweepHarness harness, string messageId)
    {
        await using var db = harness.Database.CreateDbContext();
        db.InboundMails.Add(new InboundMail { MessageId = messageId, Mailbox = "test", Outcome = InboundOutcome.Unmatched, ReceivedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }
}
