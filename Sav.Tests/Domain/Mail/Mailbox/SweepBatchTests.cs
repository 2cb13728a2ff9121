using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Conversations;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>The sweep records several messages in one transaction: in their order, and never one at the expense of the others.</summary>
public class SweepBatchTests
{
    [Fact]
    public async Task Replies_recorded_together_land_on_the_ticket_in_the_order_they_came()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Mailbox.FileTogether = 5;
        for (var i = 0; i < 12; i++)
        {
            var path = harness.Drop(Mime.Reply($"RE: {harness.Context}", $"Réponse {i:00}", Mime.File($"photo-{i}.jpg", "image/jpeg", 5_000 + i)), $"{i:00}.eml");
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc).AddMinutes(i));
        }

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(12, report.Filed);
        await using var db = harness.Database.CreateDbContext();
        var texts = await db.ConversationEntries.Where(e => e.Direction == Direction.FromCustomer && e.InboundMailId != null)
            .OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"Réponse {i:00}"), texts);
        var documents = await db.Documents.OrderBy(d => d.Id).Select(d => d.Name).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"photo-{i}.jpg"), documents);
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
    }

    [Fact]
    public async Task More_large_messages_than_their_turns_are_all_filed_in_order()
    {
        await using var harness = await SweepHarness.CreateAsync();
        // One message parsed at a time: two turns to store large messages, and five of them.
        harness.Mailbox.Parallelism = 1;
        harness.Documents.MaxBytes = 20 * 1024 * 1024;
        for (var i = 0; i < 5; i++)
        {
            var path = harness.Drop(Mime.Reply($"RE: {harness.Context}", $"Vidéo {i}", Mime.File($"video-{i}.mp4", "video/mp4", 13 * 1024 * 1024 + i)), $"{i:00}.eml");
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc).AddMinutes(i));
        }
        Assert.All(Directory.GetFiles(harness.Inbox), f => Assert.True(new FileInfo(f).Length > MailboxSweeper.LargeMessageBytes));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var report = await harness.Sweeper().SweepAsync(timeout.Token);

        Assert.Equal(5, report.Filed);
        await using var db = harness.Database.CreateDbContext();
        var documents = await db.Documents.OrderBy(d => d.Id).Select(d => new { d.Name, d.Size }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => ($"video-{i}.mp4", 13L * 1024 * 1024 + i)), documents.Select(d => (d.Name, d.Size)));
    }

    [Fact]
    public async Task A_message_the_database_refuses_is_left_for_the_next_sweep_and_the_others_of_its_batch_are_filed()
    {
        await using var harness = await SweepHarness.CreateAsync();
        for (var i = 0; i < 5; i++)
            harness.Drop(Mime.Reply($"RE: {harness.Context}", $"Message {i}", Mime.File($"p{i}.jpg", "image/jpeg", 8_000 + i)), $"{i:00}.eml");
        await using (var db = harness.Database.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_two BEFORE INSERT ON ConversationEntries WHEN NEW.Text = 'Message 2' BEGIN SELECT RAISE(ABORT, 'refused'); END;");

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => harness.Sweeper().SweepAsync(CancellationToken.None));

        await using (var db = harness.Database.CreateDbContext())
        {
            var filed = await db.ConversationEntries.Where(e => e.InboundMailId != null).Select(e => e.Text).ToListAsync();
            Assert.Equal(["Message 0", "Message 1", "Message 3", "Message 4"], filed.Order());
            Assert.Equal(4, await db.Documents.CountAsync());
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_two;");
        }
        Assert.Equal(["02.eml"], Directory.GetFiles(harness.Inbox, "*.eml").Select(Path.GetFileName));

        var second = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, second.Filed);
        await using var check = harness.Database.CreateDbContext();
        Assert.Equal(5, await check.InboundMails.CountAsync());
        Assert.Equal(5, await check.Documents.CountAsync());
    }

    [Fact]
    public async Task A_message_refused_while_the_next_batch_is_prepared_stops_the_sweep_with_only_it_left_for_the_next()
    {
        await using var harness = await SweepHarness.CreateAsync();
        // Batches of two are recorded while the next ones are stored: [0 1] [2 3] [4 5].
        harness.Mailbox.FileTogether = 2;
        for (var i = 0; i < 6; i++)
        {
            var path = harness.Drop(Mime.Reply($"RE: {harness.Context}", $"Message {i}", Mime.File($"p{i}.jpg", "image/jpeg", 8_000 + i)), $"{i:00}.eml");
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc).AddMinutes(i));
        }
        await using (var db = harness.Database.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_two BEFORE INSERT ON ConversationEntries WHEN NEW.Text = 'Message 2' BEGIN SELECT RAISE(ABORT, 'refused'); END;");

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => harness.Sweeper().SweepAsync(CancellationToken.None));

        await using (var db = harness.Database.CreateDbContext())
        {
            var filed = await db.ConversationEntries.Where(e => e.InboundMailId != null).OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
            Assert.Equal(["Message 0", "Message 1", "Message 3", "Message 4", "Message 5"], filed);
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_two;");
        }
        Assert.Equal(["02.eml"], Directory.GetFiles(harness.Inbox, "*.eml").Select(Path.GetFileName));

        var second = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, second.Filed);
        await using var check = harness.Database.CreateDbContext();
        Assert.Equal(6, await check.InboundMails.CountAsync());
        Assert.Equal(6, await check.Documents.CountAsync());
    }

    [Fact]
    public async Task The_same_message_twice_in_one_sweep_is_filed_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var raw = Mime.Bytes(Mime.Reply($"RE: {harness.Context}", "Bonjour", Mime.File("a.jpg", "image/jpeg", 50_000)));
        harness.Drop(raw, "first.eml");
        harness.Drop(raw, "again.eml");

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Filed);
        Assert.Equal(1, report.AlreadySeen);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(1, await db.InboundMails.CountAsync());
        Assert.Equal(1, await db.Documents.CountAsync());
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
        // Files are stored while messages are prepared, side by side: the second copy stored nothing beside the first.
        Assert.Single(Directory.GetFiles(harness.Documents.Folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Files_stored_while_the_next_messages_are_parsed_land_on_the_ticket_in_mailbox_order()
    {
        await using var harness = await SweepHarness.CreateAsync();
        harness.Mailbox.Parallelism = 4;
        harness.Mailbox.FileTogether = 3;
        for (var i = 0; i < 9; i++)
        {
            harness.Drop(Mime.Bytes(Mime.Reply($"RE: {harness.Context}", $"Réponse {i}", Mime.File($"p{i}.jpg", "image/jpeg", 60_000 - i * 5_000))),
                $"{i}.eml");
            File.SetLastWriteTimeUtc(Path.Combine(harness.Inbox, $"{i}.eml"), new DateTime(2026, 1, 1, 8, i, 0, DateTimeKind.Utc));
        }

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(9, report.Filed);
        await using var db = harness.Database.CreateDbContext();
        var documents = await db.Documents.OrderBy(d => d.Id).Select(d => d.Name).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"p{i}.jpg"), documents);
        var texts = await db.ConversationEntries.Where(e => e.InboundMailId != null).OrderBy(e => e.Id).Select(e => e.Text).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"Réponse {i}"), texts);
        Assert.Equal(9, Directory.GetFiles(harness.Documents.Folder, "*", SearchOption.AllDirectories).Length);
    }
}
