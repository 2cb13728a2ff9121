using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Tests.Servers;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Mailbox.MachineMail;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>One unreadable mail costs itself alone: whatever it throws, the customer's reply behind it is filed.</summary>
public class PoisonMailboxTests
{
    private sealed class NobodyExpectsThis(string message) : Exception(message);

    /// <summary>Drops the messages in mailbox order: each one a second after the previous.</summary>
    private static void DropInOrder(SweepHarness harness, params byte[][] messages)
    {
        var at = DateTime.UtcNow.AddMinutes(-10);
        for (var i = 0; i < messages.Length; i++)
            File.SetLastWriteTimeUtc(harness.Drop(messages[i], $"{i:000}.eml"), at.AddSeconds(i));
    }

    private static byte[] CustomerReply(SweepHarness harness) =>
        Mime.Bytes(Mime.Reply($"RE: Ticket N° {harness.Context}# - Écran noir", "Voici la photo de l'écran.",
            Mime.File("ecran.jpg", "image/jpeg", 80_000)));

    private static async Task AssertReplyFiledAsync(SweepHarness harness)
    {
        await using var db = harness.Database.CreateDbContext();
        var entry = await db.ConversationEntries.SingleAsync(e => e.Text == "Voici la photo de l'écran.");
        Assert.Equal(harness.Ticket.Id, entry.TicketId);
        var photo = await db.Documents.SingleAsync(d => d.Name == "ecran.jpg");
        Assert.Equal(harness.Ticket.Id, photo.TicketId);
    }

    [Fact]
    public async Task A_mailbox_full_of_poison_still_files_the_customers_reply_and_quarantines_only_what_throws()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var subject = $"RE: Ticket N° {harness.Context}# - Écran noir";
        var throwing = Mime.Bytes(Mime.Reply($"{subject} (piège)", "Le classement de ce message échoue."));
        DropInOrder(harness,
            PoisonMail.Utf7Report(Mime.Customer),
            PoisonMail.Latin1Reply(subject, "unknown-8bit", "unknown-8bit"),
            PoisonMail.Latin1Reply(subject, "x-unknown", "x-unknown"),
            PoisonMail.Latin1Reply(subject, "x-sav-invented-42", "invented"),
            PoisonMail.Latin1Reply(subject, "utf-8", "lying-utf8"),
            PoisonMail.Nested(subject, 200),
            PoisonMail.GiantHeader(subject, 2 * 1024 * 1024),
            throwing,
            CustomerReply(harness));
        var sweeper = harness.Sweeper();
        sweeper.Classify = (message, own) => message.Subject?.EndsWith("(piège)") == true
            ? throw new NobodyExpectsThis("a classifier bug") : MailClassifier.Classify(message, own);

        var report = await sweeper.SweepAsync(CancellationToken.None);

        await AssertReplyFiledAsync(harness);
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
        await using var db = harness.Database.CreateDbContext();
        var rows = await db.InboundMails.ToListAsync();
        Assert.Equal(9, rows.Count);
        // The UTF-7 report is read, and recognised for what it is: a delivery failure, ignored.
        var report7 = rows.Single(r => r.MessageId == "utf7-report@outlook.example");
        Assert.Equal(InboundOutcome.IgnoredAutoReply, report7.Outcome);
        Assert.Contains("Exchange", report7.Error);
        // Every charset decodes: the customer's words land on the ticket with their accents.
        foreach (var charset in new[] { "unknown-8bit", "x-unknown", "x-sav-invented-42", "utf-8" })
            Assert.Single(await db.ConversationEntries.Where(e => e.Text == $"L'écran reste noir ({charset}).").ToListAsync());
        // The message whose classification throws is quarantined alone, raw copy kept, with a reason an analyst can read.
        var poisoned = rows.Single(r => r.Subject != null && r.Subject.EndsWith("(piège)"));
        Assert.Equal(InboundOutcome.Rejected, poisoned.Outcome);
        Assert.Contains("NobodyExpectsThis", poisoned.Error);
        Assert.Contains("a classifier bug", poisoned.Error);
        Assert.True(File.Exists(poisoned.RawPath));
        Assert.Equal(throwing, await File.ReadAllBytesAsync(poisoned.RawPath!));
        Assert.Equal(1, report.Rejected);
        // The absurd ones are handled as anything else: filed (nesting cut at a sane depth) or set aside, never a crash.
        Assert.All(rows.Where(r => r.MessageId is "nested-200@customer.example" or "giant@customer.example"),
            r => Assert.Contains(r.Outcome, new[] { InboundOutcome.Filed, InboundOutcome.Rejected }));
    }

    [Fact]
    public async Task A_classifier_that_throws_on_every_message_quarantines_each_and_ends_the_run_normally()
    {
        await using var harness = await SweepHarness.CreateAsync();
        DropInOrder(harness, CustomerReply(harness), Mime.Bytes(Mime.Reply("Bonjour", "Une question")));
        var sweeper = harness.Sweeper();
        sweeper.Classify = (_, _) => throw new InsufficientExecutionStackException("too deep");

        var report = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(2, report.Rejected);
        await using var db = harness.Database.CreateDbContext();
        Assert.All(await db.InboundMails.ToListAsync(), r =>
        {
            Assert.Equal(InboundOutcome.Rejected, r.Outcome);
            Assert.StartsWith("Message impossible à traiter", r.Error);
        });
    }

    [Fact]
    public async Task The_UTF_7_report_is_read_as_a_bounce_of_the_recipient_it_names()
    {
        var message = MimeMessage.Load(new MemoryStream(PoisonMail.Utf7Report("paul@client.example")));

        var verdict = MachineMailClassifier.Classify(message, subjectHasContext: false);
        var bounce = BounceReader.Read(message);

        Assert.Equal(MachineKind.DeliveryFailure, verdict.Kind);
        Assert.Contains("Exchange", verdict.Signals);
        Assert.Equal("paul@client.example", bounce.Recipient);
        Assert.Equal("5.1.10", bounce.Status);
        Assert.StartsWith("550 5.1.10", bounce.Diagnostic);
    }

    [Theory]
    [InlineData("utf-7", "+AOk-cran", "écran")]
    [InlineData("unknown-8bit", null, "écran")]
    [InlineData("x-no-such-charset", null, "écran")]
    [InlineData("utf-8", null, "écran")]
    [InlineData("iso-8859-15", null, "écran")]
    [InlineData(null, null, "écran")]
    public void A_text_part_decodes_whatever_its_charset_says(string? charset, string? ascii, string expected)
    {
        var bytes = ascii is not null ? System.Text.Encoding.ASCII.GetBytes(ascii) : System.Text.Encoding.Latin1.GetBytes("écran");
        var part = new TextPart("plain") { Content = new MimeContent(new MemoryStream(bytes)) };
        if (charset is not null) part.ContentType.Charset = charset;

        Assert.Equal(expected, MimeParts.TextOf(part));
    }

    [Fact]
    public async Task The_same_poison_through_IMAP_costs_itself_alone_and_leaves_the_mailbox()
    {
        await using var dovecot = await Dovecot.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        var subject = $"RE: Ticket N° {harness.Context}# - Écran noir";
        var load = (byte[] raw) => MimeMessage.Load(new MemoryStream(raw));
        await dovecot.AppendAsync(
            load(PoisonMail.Utf7Report(Mime.Customer)),
            load(PoisonMail.Latin1Reply(subject, "unknown-8bit", "unknown-8bit")),
            load(PoisonMail.Nested(subject, 200)),
            Mime.Reply($"{subject} (piège)", "Le classement de ce message échoue."),
            load(CustomerReply(harness)));
        harness.Mailbox.Imap = dovecot.Options().Imap;
        await using var reader = new ImapMailboxReader(Options.Create(harness.Mailbox), NullLogger<ImapMailboxReader>.Instance);
        var sweeper = harness.Sweeper(reader);
        sweeper.Classify = (message, own) => message.Subject?.EndsWith("(piège)") == true
            ? throw new NobodyExpectsThis("a classifier bug") : MailClassifier.Classify(message, own);

        var report = await sweeper.SweepAsync(CancellationToken.None);

        await AssertReplyFiledAsync(harness);
        Assert.Equal(1, report.Rejected);
        Assert.Equal(5, report.Total);
        await using (var db = harness.Database.CreateDbContext())
        {
            var poisoned = await db.InboundMails.SingleAsync(r => r.Outcome == InboundOutcome.Rejected);
            Assert.Contains("NobodyExpectsThis", poisoned.Error);
            Assert.True(File.Exists(poisoned.RawPath));
            Assert.Single(await db.ConversationEntries.Where(e => e.Text == "L'écran reste noir (unknown-8bit).").ToListAsync());
        }
        // Every message, the poisoned one too, is marked: the next sweep has nothing left to stumble on.
        Assert.Equal(0, (await harness.Sweeper(reader).SweepAsync(CancellationToken.None)).Total);
    }
}
