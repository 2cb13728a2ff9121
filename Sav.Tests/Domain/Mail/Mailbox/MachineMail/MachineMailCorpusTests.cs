using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Mailbox;
using Xunit.Abstractions;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

public class MachineMailCorpusTests(ITestOutputHelper output)
{
    public static readonly IReadOnlyDictionary<string, MachineCase> All = DsnCorpus.Cases
        .Concat(PlainBounceCorpus.Cases).Concat(ApplianceBounceCorpus.Cases).Concat(NoticeCorpus.Cases).Concat(HumanCorpus.Cases)
        .ToDictionary(c => c.Key, c => c.Value);

    public static TheoryData<string> Names() => [.. All.Keys];

    private static readonly HashSet<string> Own = new(StringComparer.OrdinalIgnoreCase) { "sav@example.com" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_mail_of_the_corpus_is_told_machine_or_person(string name)
    {
        var expected = All[name];
        var raw = Eml.Of(expected.Template, MailFacts.Sample);
        var message = InboundParser.Load(raw, raw.Length, CancellationToken.None);

        var reason = MailClassifier.IgnoreReason(message, Own);

        if (expected.Machine) Assert.True(reason is not null, $"{name}: filed as a person's mail");
        else Assert.True(reason is null, $"{name}: ignored ({reason})");
    }

    [Fact]
    public void The_corpus_holds_at_least_80_machine_mails_and_40_human_replies()
    {
        foreach (var shape in All.Values.GroupBy(c => (c.Machine, c.Shape)).OrderBy(g => g.Key.Machine).ThenBy(g => g.Key.Shape))
            output.WriteLine($"{(shape.Key.Machine ? "machine" : "person")}\t{shape.Key.Shape}\t{shape.Count()}");
        Assert.True(All.Values.Count(c => c.Machine) >= 80, $"{All.Values.Count(c => c.Machine)} machine mails");
        Assert.True(All.Values.Count(c => !c.Machine) >= 40, $"{All.Values.Count(c => !c.Machine)} human replies");
    }

    [Fact]
    public async Task A_sweep_of_the_whole_corpus_files_the_people_and_ignores_the_machines()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var facts = new MailFacts(harness.Context, harness.SentMessageId, "someone.else@college-pasteur.example");
        var expected = new Dictionary<string, (string Name, bool Machine)>();
        foreach (var (name, mail) in All)
        {
            var raw = Eml.Of(mail.Template, facts);
            var id = InboundParser.MessageIdOf(InboundParser.Load(raw, raw.Length, CancellationToken.None), raw);
            Assert.True(expected.TryAdd(id, (name, mail.Machine)), $"{name}: same Message-ID as {(expected.TryGetValue(id, out var other) ? other.Name : "")}");
            harness.Drop(raw);
        }

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        var rows = await db.InboundMails.Select(m => new { m.MessageId, m.Outcome, m.Error }).ToListAsync();
        Assert.Equal(All.Count, rows.Count);
        var wrong = rows.Where(r => (r.Outcome == InboundOutcome.IgnoredAutoReply) != expected[r.MessageId].Machine
                || (!expected[r.MessageId].Machine && r.Outcome != InboundOutcome.Filed))
            .Select(r => $"{expected[r.MessageId].Name}: {r.Outcome} {r.Error}").ToList();
        Assert.Empty(wrong);
        Assert.All(rows.Where(r => r.Outcome == InboundOutcome.IgnoredAutoReply), r => Assert.False(string.IsNullOrEmpty(r.Error)));
        Assert.Equal(All.Values.Count(c => !c.Machine), report.Filed);
        // Nothing is answered: the opening confirmation is the only mail of the ticket.
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }
}
