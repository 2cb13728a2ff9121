using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class RejectedMailsTests
{
    private static async Task<(SweepHarness Harness, int Id)> PoisonedReplyAsync()
    {
        var harness = await SweepHarness.CreateAsync();
        harness.Drop(Mime.Reply($"RE: Ticket N° {harness.Context}# - Écran noir", "Voici le numéro de série : SN-77.",
            Mime.File("serie.jpg", "image/jpeg", 30_000)));
        var sweeper = harness.Sweeper();
        sweeper.Classify = (_, _) => throw new ArgumentOutOfRangeException("subject", "a bug of the day");
        await sweeper.SweepAsync(CancellationToken.None);
        await using var db = harness.Database.CreateDbContext();
        return (harness, await db.InboundMails.Where(m => m.Outcome == InboundOutcome.Rejected).Select(m => m.Id).SingleAsync());
    }

    [Fact]
    public async Task A_rejected_message_is_listed_with_its_reason_and_a_retry_files_it_once_the_bug_is_gone()
    {
        var (harness, id) = await PoisonedReplyAsync();
        await using var _ = harness;
        var rejected = harness.Rejected();

        var listed = Assert.Single(await rejected.ListAsync());
        Assert.Contains("a bug of the day", listed.Reason);
        Assert.True(listed.RawKept);
        Assert.Equal((1, 0), await rejected.CountAsync());

        var (result, code) = await rejected.RetryAsync(id);

        Assert.Equal((RetryResult.Filed, harness.Ticket.Code), (result, code));
        await using var db = harness.Database.CreateDbContext();
        var row = await db.InboundMails.SingleAsync();
        Assert.Equal(InboundOutcome.Filed, row.Outcome);
        Assert.Single(await db.ConversationEntries.Where(e => e.Text == "Voici le numéro de série : SN-77.").ToListAsync());
        Assert.Single(await db.Documents.Where(d => d.Name == "serie.jpg").ToListAsync());
        Assert.Empty(await rejected.ListAsync());
        Assert.Empty(Directory.GetFiles(harness.Mailbox.QuarantineFolder, "*.eml"));
    }

    [Fact]
    public async Task Deleting_a_rejected_message_removes_its_raw_copy_and_a_second_delete_changes_nothing()
    {
        var (harness, id) = await PoisonedReplyAsync();
        await using var _ = harness;
        var rejected = harness.Rejected();

        Assert.True(await rejected.DeleteAsync(id, "analyste@sav.local"));
        Assert.False(await rejected.DeleteAsync(id, "analyste@sav.local"));

        Assert.Empty(await rejected.ListAsync());
        Assert.Empty(Directory.GetFiles(harness.Mailbox.QuarantineFolder, "*.eml"));
        await using var db = harness.Database.CreateDbContext();
        var row = await db.InboundMails.SingleAsync();
        Assert.Equal(InboundOutcome.Discarded, row.Outcome);
        Assert.Equal("Supprimé par analyste@sav.local", row.Error);
    }
}
