using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Templates;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class SweepTests
{
    [Fact]
    public async Task The_same_message_delivered_twice_is_filed_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var raw = Mime.Bytes(Mime.Reply($"RE: {harness.Context}", "Bonjour", Mime.File("a.jpg", "image/jpeg", 50_000)));
        harness.Drop(raw, "first.eml");
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        harness.Drop(raw, "again.eml");

        var second = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, second.AlreadySeen);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(1, await db.InboundMails.CountAsync());
        Assert.Equal(1, await db.Documents.CountAsync());
        Assert.Equal(1, await db.ConversationEntries.CountAsync(e => e.InboundMailId != null));
    }

    [Fact]
    public async Task A_message_without_Message_ID_gets_the_same_synthetic_id_each_time_it_is_seen()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var raw = Mime.Raw($"From: {Mime.Customer}\nSubject: RE: {harness.Context}\n\nSans identifiant\n");
        harness.Drop(raw);
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        harness.Drop(raw);
        await harness.Sweeper().SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        var mail = await db.InboundMails.SingleAsync();
        Assert.EndsWith("@synthetic.sav", mail.MessageId);
    }

    [Fact]
    public async Task When_marking_fails_the_next_sweep_recognises_the_message_and_files_nothing_twice()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Drop(Mime.Reply($"RE: {harness.Context}", "Bonjour", Mime.File("a.jpg", "image/jpeg", 50_000)));
        var folder = new FolderMailboxReader(Microsoft.Extensions.Options.Options.Create(harness.Mailbox));
        var broken = new FailingMarks(folder);

        await Assert.ThrowsAsync<IOException>(() => harness.Sweeper(broken).SweepAsync(CancellationToken.None));
        var again = await harness.Sweeper(folder).SweepAsync(CancellationToken.None);

        Assert.Equal(1, again.AlreadySeen);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(1, await db.Documents.CountAsync());
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_sweep_then_another_sweep_files_everything_exactly_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        for (var i = 0; i < 6; i++)
        {
            harness.Drop(Mime.Reply($"RE: Ticket N° {harness.Context}# - message {i}", $"Message {i}",
                Mime.File($"photo-{i}-a.jpg", "image/jpeg", 20_000 + i), Mime.File($"photo-{i}-b.jpg", "image/jpeg", 30_000 + i)), $"{i:00}.eml");
        }
        // The store dies on its 8th file: in the middle of the 4th message, after its first file.
        var crashing = new CrashingStore(harness.LocalStore(), failAfter: 8);

        await Assert.ThrowsAsync<IOException>(() => harness.Sweeper(store: crashing).SweepAsync(CancellationToken.None));
        // Files are stored while the next messages are parsed, so which message the 8th file belongs to depends on
        // timing; what was filed before the crash is always the first messages, in mailbox order, never a later one.
        List<string> beforeCrash;
        await using (var afterCrash = harness.Database.CreateDbContext())
            beforeCrash = await afterCrash.ConversationEntries.Where(e => e.InboundMailId != null).Select(e => e.Text).ToListAsync();
        Assert.InRange(beforeCrash.Count, 0, 3);
        Assert.Equal(Enumerable.Range(0, beforeCrash.Count).Select(i => $"Message {i}").Order(), beforeCrash.Order());
        var second = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(6 - beforeCrash.Count, second.Filed);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(6, await db.InboundMails.CountAsync(m => m.Outcome == InboundOutcome.Filed));
        var names = await db.Documents.Select(d => d.Name).ToListAsync();
        Assert.Equal(12, names.Count);
        Assert.Equal(12, names.Distinct().Count());
        var texts = await db.ConversationEntries.Where(e => e.InboundMailId != null).Select(e => e.Text).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"Message {i}").Order(), texts.Order());
        // Every row points at a file that exists; what the crash left half-filed is orphaned files, nothing worse.
        var stored = await db.Documents.Select(d => d.StoreId).ToListAsync();
        Assert.All(stored, id => Assert.True(File.Exists(Path.Combine(harness.Documents.Folder, id))));
        // The 7 files stored before the crash that no row points at stay as orphans, and nothing else.
        Assert.Equal(12 + 7 - 2 * beforeCrash.Count, Directory.GetFiles(harness.Documents.Folder, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_database_failure_while_filing_leaves_the_message_for_the_next_sweep()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Drop(Mime.Reply($"RE: {harness.Context}", "Bonjour", Mime.File("a.jpg", "image/jpeg", 50_000)));
        await using (var db = harness.Database.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER no_entries BEFORE INSERT ON ConversationEntries BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => harness.Sweeper().SweepAsync(CancellationToken.None));
        await using (var db = harness.Database.CreateDbContext())
        {
            Assert.Equal(0, await db.InboundMails.CountAsync());
            Assert.Equal(0, await db.Documents.CountAsync());
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER no_entries;");
        }
        var second = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, second.Filed);
        await using var check = harness.Database.CreateDbContext();
        Assert.Equal(1, await check.Documents.CountAsync());
    }

    [Fact]
    public async Task An_attachment_the_disk_cannot_flush_leaves_the_message_unfiled_for_the_next_sweep()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var message = harness.Drop(Mime.Reply($"RE: {harness.Context}", "Bonjour", Mime.File("a.jpg", "image/jpeg", 50_000)));
        var failing = new LocalDocumentStore(Microsoft.Extensions.Options.Options.Create(harness.Documents))
        {
            FlushFile = _ => throw new IOException("Input/output error"),
        };

        await Assert.ThrowsAsync<IOException>(() => harness.Sweeper(store: failing).SweepAsync(CancellationToken.None));
        await using (var db = harness.Database.CreateDbContext())
        {
            Assert.Equal(0, await db.InboundMails.CountAsync());
            Assert.Equal(0, await db.Documents.CountAsync());
        }
        Assert.Empty(Directory.GetFiles(harness.Documents.Folder, "*", SearchOption.AllDirectories));
        Assert.True(File.Exists(message));
        var second = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, second.Filed);
        await using var check = harness.Database.CreateDbContext();
        var stored = await check.Documents.SingleAsync();
        Assert.Equal(50_000, new FileInfo(Path.Combine(harness.Documents.Folder, stored.StoreId)).Length);
    }

    [Fact]
    public async Task An_attachment_over_the_limit_is_recorded_not_stored_and_the_customer_is_told_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Documents.MaxBytes = 100_000;
        harness.Drop(Mime.Reply($"RE: {harness.Context}", "Voici la vidéo",
            Mime.File("video.mp4", "video/mp4", 300_000), Mime.File("gros.mov", "video/quicktime", 200_000), Mime.File("photo.jpg", "image/jpeg", 50_000)));

        await harness.Sweeper().SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(["photo.jpg"], await db.Documents.Select(d => d.Name).ToListAsync());
        var note = await db.ConversationEntries.SingleAsync(e => e.Direction == Direction.InternalNote);
        Assert.Contains("video.mp4", note.Text);
        Assert.Contains("gros.mov", note.Text);
        var told = await db.OutboxMessages.SingleAsync(m => m.Template == nameof(MailTemplate.AttachmentTooLarge));
        Assert.Equal(Mime.Customer, told.Recipient);
        Assert.Contains("video.mp4", told.Text);
        Assert.Contains("trop volumineux", told.Html);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_rejected_unread_with_its_reason()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Mailbox.MaxMessageBytes = 200_000;
        harness.Drop(Mime.Reply($"RE: {harness.Context}", "Énorme", Mime.File("big.bin", "application/octet-stream", 400_000)));

        await harness.Sweeper().SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        var mail = await db.InboundMails.SingleAsync();
        Assert.Equal(InboundOutcome.Rejected, mail.Outcome);
        Assert.Contains("MaxMessageBytes", mail.Error);
        Assert.Contains(harness.Context, mail.Subject);
        Assert.Equal(0, await db.Documents.CountAsync());
    }

    [Fact]
    public async Task A_message_that_takes_too_long_to_read_is_rejected_and_the_sweep_goes_on()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Mailbox.MessageBudget = TimeSpan.FromMilliseconds(1);
        var html = new System.Text.StringBuilder();
        // Big enough that reading it takes far longer than the budget even when its timer fires late under load.
        for (var i = 0; i < 2_000_000; i++) html.Append("<p>x</p>");
        var slow = Mime.Reply($"RE: {harness.Context}", "");
        slow.Body = new MimeKit.TextPart("html") { Text = html.ToString() };
        harness.Drop(slow);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        Assert.Equal(1, report.Rejected);
        await using var db = harness.Database.CreateDbContext();
        var mail = await db.InboundMails.SingleAsync();
        Assert.Contains("MessageBudget", mail.Error);
        Assert.True(File.Exists(mail.RawPath));
    }

    private sealed class FailingMarks(IMailboxReader inner) : IMailboxReader
    {
        public string Name => inner.Name;
        public Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken ct) => inner.ListAsync(max, ct);
        public Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken ct) => inner.OpenAsync(item, maxBytes, ct);
        public Task MarkProcessedAsync(MailboxItem item, CancellationToken ct) => throw new IOException("mailbox went away");
        public Task WaitForNewAsync(TimeSpan max, CancellationToken ct) => inner.WaitForNewAsync(max, ct);
    }
}

/// <summary>A document store that fails on its Nth file, the way a full disk or a Drive outage does.</summary>
public sealed class CrashingStore(IDocumentStore inner, int failAfter) : IDocumentStore
{
    private int _saved;
    public DocumentStoreKind Kind => inner.Kind;

    public async Task<StoredDocument> SaveAsync(string ticketCode, string fileName, string mediaType, Stream content, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _saved) >= failAfter) throw new IOException("No space left on device");
        return await inner.SaveAsync(ticketCode, fileName, mediaType, content, ct);
    }

    public Task<Stream?> OpenReadAsync(Document document, CancellationToken ct) => inner.OpenReadAsync(document, ct);
}

public class ConcurrentSweepTests
{
    [Fact]
    public async Task Two_gateways_sweeping_the_same_folder_at_once_file_each_message_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        for (var i = 0; i < 20; i++)
            harness.Drop(Mime.Reply($"RE: Ticket N° {harness.Context}#", $"Réponse {i}", Mime.File($"p{i}.jpg", "image/jpeg", 30_000 + i)));

        var reports = await Task.WhenAll(
            Task.Run(() => harness.Sweeper().SweepAsync(CancellationToken.None)),
            Task.Run(() => harness.Sweeper().SweepAsync(CancellationToken.None)));

        Assert.Equal(20, reports.Sum(r => r.Filed));
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(20, await db.InboundMails.CountAsync());
        Assert.Equal(20, await db.Documents.CountAsync());
        Assert.Equal(20, await db.ConversationEntries.CountAsync(e => e.InboundMailId != null));
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
    }
}
