using System.Diagnostics;
using MailKit;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sav.Domain.Mail.Mailbox;
using Sav.Tests.Servers;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class ImapReaderTests
{
    private static ImapMailboxReader Reader(SweepHarness harness, Dovecot dovecot, string? processedFolder = null)
    {
        harness.Mailbox.Imap = dovecot.Options().Imap;
        harness.Mailbox.Imap.ProcessedFolder = processedFolder;
        return new ImapMailboxReader(Options.Create(harness.Mailbox), NullLogger<ImapMailboxReader>.Instance);
    }

    [Fact]
    public async Task Replies_delivered_to_the_IMAP_mailbox_are_filed_and_flagged_so_the_next_sweep_skips_them()
    {
        await using var dovecot = await Dovecot.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        var outOfOffice = Mime.Reply($"Absence : {harness.Context}", "Absente");
        outOfOffice.Headers.Add("Auto-Submitted", "auto-replied");
        await dovecot.AppendAsync(
            Mime.Reply($"RE: Ticket N° {harness.Context}# - Écran", "Voici la photo", Mime.File("ecran.jpg", "image/jpeg", 150_000)),
            Mime.Reply("Sans référence", "Bonjour"),
            outOfOffice);
        await using var reader = Reader(harness, dovecot);

        var first = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);
        var second = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1), (first.Filed, first.Unmatched, first.Ignored));
        Assert.Equal(0, second.Total);
        await using (var db = harness.Database.CreateDbContext())
        {
            Assert.Equal("ecran.jpg", (await db.Documents.SingleAsync()).Name);
            Assert.All(await db.InboundMails.ToListAsync(), m => Assert.StartsWith("imap:sav@127.0.0.1/INBOX", m.Mailbox));
        }
        using var client = await dovecot.ConnectAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(3, client.Inbox.Count);
        Assert.Equal(3, (await client.Inbox.SearchAsync(SearchQuery.HasKeyword(ImapMailboxReader.ProcessedKeyword).And(SearchQuery.Seen))).Count);
    }

    [Fact]
    public async Task With_a_processed_folder_filed_messages_are_moved_out_of_the_inbox()
    {
        await using var dovecot = await Dovecot.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        using (var setup = await dovecot.ConnectAsync())
            await setup.GetFolder(setup.PersonalNamespaces[0]).CreateAsync("Traite", isMessageFolder: true);
        await dovecot.AppendAsync(Mime.Reply($"RE: {harness.Context}", "Merci"));
        await using var reader = Reader(harness, dovecot, processedFolder: "Traite");

        var report = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Filed);
        using var client = await dovecot.ConnectAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(0, client.Inbox.Count);
        var processed = await client.GetFolderAsync("Traite");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(1, processed.Count);
    }

    [Fact]
    public async Task Replies_filed_together_are_all_moved_out_of_the_inbox_in_their_order()
    {
        await using var dovecot = await Dovecot.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        harness.Mailbox.FileTogether = 3;
        using (var setup = await dovecot.ConnectAsync())
            await setup.GetFolder(setup.PersonalNamespaces[0]).CreateAsync("Traite", isMessageFolder: true);
        await dovecot.AppendAsync(Enumerable.Range(0, 7)
            .Select(i => Mime.Reply($"RE: {harness.Context}", $"Réponse {i}", Mime.File($"p{i}.jpg", "image/jpeg", 4_000 + i))).ToArray());
        await using var reader = Reader(harness, dovecot, processedFolder: "Traite");

        var report = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);

        Assert.Equal(7, report.Filed);
        await using (var db = harness.Database.CreateDbContext())
        {
            var texts = await db.ConversationEntries.Where(e => e.InboundMailId != null).OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
            Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Réponse {i}"), texts);
        }
        using var client = await dovecot.ConnectAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(0, client.Inbox.Count);
        var processed = await client.GetFolderAsync("Traite");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(7, processed.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60_000)]
    [InlineData(16 * 1024 * 1024)]
    public async Task Replies_fetched_together_are_filed_whole_in_their_order_and_one_over_the_size_limit_is_rejected_unread(long fetchTogether)
    {
        await using var dovecot = await Dovecot.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        harness.Mailbox.MaxMessageBytes = 300_000;
        var files = Enumerable.Range(0, 6).Select(i => Mime.File($"p{i}.jpg", "image/jpeg", 5_000 + i * 7_000)).ToList();
        var messages = files.Select((f, i) => Mime.Reply($"RE: {harness.Context}", $"Réponse {i}", f)).ToList();
        var huge = Mime.Reply($"RE: {harness.Context}", "Énorme", Mime.File("film.mp4", "video/mp4", 400_000));
        messages.Insert(3, huge);
        await dovecot.AppendAsync([.. messages]);
        await using var reader = Reader(harness, dovecot);
        harness.Mailbox.Imap.FetchTogetherBytes = fetchTogether;

        var report = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);

        Assert.Equal((6, 1), (report.Filed, report.Rejected));
        await using var db = harness.Database.CreateDbContext();
        var texts = await db.ConversationEntries.Where(e => e.InboundMailId != null).OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"Réponse {i}"), texts);
        var rejected = await db.InboundMails.SingleAsync(m => m.Outcome == InboundOutcome.Rejected);
        Assert.Equal(huge.MessageId, rejected.MessageId);
        Assert.Contains("MaxMessageBytes", rejected.Error);
        foreach (var document in await db.Documents.ToListAsync())
        {
            var sent = files.Single(f => f.FileName == document.Name);
            using var expected = new MemoryStream();
            await sent.Content!.DecodeToAsync(expected);
            Assert.Equal(expected.ToArray(), await File.ReadAllBytesAsync(Path.Combine(harness.Documents.Folder, document.StoreId)));
        }
        Assert.Equal(6, await db.Documents.CountAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task While_watching_with_IDLE_or_polling_a_reply_is_filed_without_waiting_for_the_next_scheduled_sweep(bool idle)
    {
        await using var dovecot = await Dovecot.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        // With IDLE, polling is made too slow to bring the reply within the test; without, polling is the fallback.
        harness.Mailbox.PollEvery = idle ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(1);
        await using var reader = Reader(harness, dovecot);
        harness.Mailbox.Imap.Idle = idle;
        using var stop = new CancellationTokenSource();
        var watching = harness.Sweeper(reader).SweepAndWatchAsync(TimeSpan.FromMinutes(1), stop.Token);
        // A first reply filed says the watch has begun: the next one can only come through IDLE or the polling.
        await dovecot.AppendAsync(Mime.Reply($"RE: Ticket N° {harness.Context}#", "Première réponse"));
        Assert.True(await FiledAsync(harness, "Première réponse"), "the first reply was never filed");

        await dovecot.AppendAsync(Mime.Reply($"RE: Ticket N° {harness.Context}#", "Réponse immédiate"));
        var filed = await FiledAsync(harness, "Réponse immédiate");
        await stop.CancelAsync();
        try { await watching; }
        catch (OperationCanceledException) { }

        Assert.True(filed, "the reply was never filed");
    }

    private static async Task<bool> FiledAsync(SweepHarness harness, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = harness.Database.CreateDbContext();
            if (await db.ConversationEntries.AnyAsync(e => e.Text == text)) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
