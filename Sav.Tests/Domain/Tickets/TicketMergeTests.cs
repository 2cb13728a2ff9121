using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Conversations;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

/// <summary>Three tickets a customer opened for one broken screen, merged into one: what moves, what the merged ones
/// become, where their contexts lead, the one mail the customer gets; documents on Google Drive and on the local store
/// still open from the kept ticket.</summary>
public class TicketMergeTests
{
    private const string Actor = "camille@sav.local";

    private sealed record Three(TestDatabase Database, TestServices Services, TicketMerge Merge, OpenedTicket Kept, OpenedTicket Second, OpenedTicket Third)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static async Task<Three> OpenThreeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var clock = (FakeTimeProvider)services.Clock;
        var first = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        clock.Advance(TimeSpan.FromHours(2));
        var second = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Écran noir, encore" }, "form");
        clock.Advance(TimeSpan.FromHours(2));
        var third = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Toujours rien" }, "form");
        clock.Advance(TimeSpan.FromHours(1));
        return new Three(database, services, new TicketMerge(database, services.Composer, services.Clock), first, second, third);
    }

    [Fact]
    public async Task Merging_moves_conversations_and_history_with_their_dates_closes_the_others_and_tells_the_customer_once()
    {
        await using var s = await OpenThreeAsync();
        Assert.Equal([s.Third.Code, s.Second.Code], (await s.Merge.LikelyDuplicatesAsync(s.Kept.Id)).Select(d => d.Code));
        DateTimeOffset secondOpenedAt;
        await using (var db = s.Database.CreateDbContext())
            secondOpenedAt = await db.ConversationEntries.Where(e => e.TicketId == s.Second.Id).Select(e => e.At).SingleAsync();

        await s.Merge.MergeAsync(s.Kept.Id, [s.Second.Id, s.Third.Id], Actor);

        await using var check = s.Database.CreateDbContext();
        var kept = await check.Tickets.Include(t => t.Conversation).Include(t => t.History).Include(t => t.Status).SingleAsync(t => t.Id == s.Kept.Id);
        var customer = kept.Conversation.Where(e => e.Direction == Direction.FromCustomer).OrderBy(e => e.At).ToList();
        Assert.Equal(3, customer.Count);
        Assert.Equal(secondOpenedAt, customer[1].At);
        Assert.Contains(kept.History, h => h.Field == "Merged" && h.After == s.Second.Code);
        Assert.Equal(3, kept.History.Count(h => h.Field == "Status" && h.Reason == "Opened"));
        Assert.Equal(WellKnownStatus.New, kept.Status.Code);
        foreach (var merged in new[] { s.Second, s.Third })
        {
            var ticket = await check.Tickets.Include(t => t.Status).Include(t => t.Conversation).SingleAsync(t => t.Id == merged.Id);
            Assert.Equal((WellKnownStatus.Closed, (int?)s.Kept.Id), (ticket.Status.Code, ticket.MergedIntoId));
            Assert.Equal($"Fusionné dans le dossier {s.Kept.Code}.", Assert.Single(ticket.Conversation).Text);
        }
        var notice = Assert.Single(await check.OutboxMessages.Where(m => m.Template == "MergeNotice").ToListAsync());
        Assert.Equal(s.Kept.Id, notice.TicketId);
        Assert.Contains($"{s.Second.Code} — Écran noir, encore", notice.Text);
        Assert.Contains($"{s.Third.Code} — Toujours rien", notice.Text);
        Assert.Contains("nous avons regroupé vos dossiers", notice.Text);
        Assert.Empty(await check.OutboxMessages.Where(m => m.Template == "ClosingConfirmation").ToListAsync());
        Assert.Empty(await s.Merge.LikelyDuplicatesAsync(s.Kept.Id));
    }

    [Fact]
    public async Task A_merged_tickets_context_and_its_mail_replies_lead_to_the_kept_ticket()
    {
        await using var s = await OpenThreeAsync();
        await s.Merge.MergeAsync(s.Kept.Id, [s.Second.Id], Actor);

        var requests = new CustomerRequests(s.Database, new CustomerRequestValidator(), s.Services.Contexts, s.Services.Composer,
            new Sav.Domain.Data.WriteGate(s.Database.Database), s.Services.Clock);
        var outcome = await requests.HandleAsync(new CustomerRequest(RequestKind.Status, s.Second.Context, "Des nouvelles ?"));

        Assert.Equal(s.Kept.Code, outcome!.Code);
        await using var db = s.Database.CreateDbContext();
        Assert.True(await db.ConversationEntries.AnyAsync(e => e.TicketId == s.Kept.Id && e.Text == "Des nouvelles ?"));
        var matcher = new ReplyMatcher(s.Services.Contexts);
        Assert.Equal(s.Kept.Id, await matcher.MatchAsync(db, $"RE: Ticket N° {s.Second.Context}# - Écran noir, encore", [], CancellationToken.None));
    }

    [Fact]
    public async Task Merging_a_ticket_into_itself_or_twice_is_refused_and_changes_nothing()
    {
        await using var s = await OpenThreeAsync();
        var refused = await Assert.ThrowsAsync<TicketActionException>(() => s.Merge.MergeAsync(s.Kept.Id, [s.Kept.Id], Actor));
        Assert.Equal(TicketProblem.MergeIntoItself, refused.Problem);
        await s.Merge.MergeAsync(s.Kept.Id, [s.Second.Id], Actor);

        refused = await Assert.ThrowsAsync<TicketActionException>(() => s.Merge.MergeAsync(s.Third.Id, [s.Second.Id], Actor));
        Assert.Equal((TicketProblem.AlreadyMerged, s.Second.Code), (refused.Problem, refused.Subject));
        refused = await Assert.ThrowsAsync<TicketActionException>(() => s.Merge.MergeAsync(s.Second.Id, [s.Third.Id], Actor));
        Assert.Equal(TicketProblem.AlreadyMerged, refused.Problem);
        await using var db = s.Database.CreateDbContext();
        Assert.Null(await db.Tickets.Where(t => t.Id == s.Third.Id).Select(t => t.MergedIntoId).SingleAsync());
        Assert.Equal(1, await db.ConversationEntries.CountAsync(e => e.TicketId == s.Third.Id));
    }

    [Fact]
    public async Task Documents_on_google_drive_and_on_the_local_store_open_from_the_kept_ticket()
    {
        await using var s = await OpenThreeAsync();
        await using var google = await FakeGoogle.StartAsync();
        _ = new FakeDrive(google);
        using var drive = FakeDrive.Store(google);
        var local = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = s.Database.SubFolder("documents") }));
        var (photo, video) = (new byte[5_000], new byte[9_000]);
        Random.Shared.NextBytes(photo);
        Random.Shared.NextBytes(video);
        var onDrive = await drive.SaveAsync(s.Second.Code, "face.jpg", "image/jpeg", new MemoryStream(photo), CancellationToken.None);
        var onDisk = await local.SaveAsync(s.Third.Code, "video.mp4", "video/mp4", new MemoryStream(video), CancellationToken.None);
        await using (var db = s.Database.CreateDbContext())
        {
            db.Documents.Add(new Document { TicketId = s.Second.Id, Name = "face.jpg", MediaType = "image/jpeg", Size = photo.Length,
                Store = DocumentStoreKind.GoogleDrive, StoreId = onDrive.StoreId, Link = onDrive.Link, CreatedAt = s.Services.Clock.GetUtcNow() });
            db.Documents.Add(new Document { TicketId = s.Third.Id, Name = "video.mp4", MediaType = "video/mp4", Size = video.Length,
                Store = DocumentStoreKind.Local, StoreId = onDisk.StoreId, CreatedAt = s.Services.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await s.Merge.MergeAsync(s.Kept.Id, [s.Second.Id, s.Third.Id], Actor);

        await using var check = s.Database.CreateDbContext();
        var documents = await check.Documents.Where(d => d.TicketId == s.Kept.Id).OrderBy(d => d.Name).ToListAsync();
        Assert.Equal(["face.jpg", "video.mp4"], documents.Select(d => d.Name));
        async Task<byte[]> ReadAsync(IDocumentStore store, Document document)
        {
            await using var stream = await store.OpenReadAsync(document, CancellationToken.None) ?? throw new InvalidOperationException("gone");
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
        Assert.Equal(photo, await ReadAsync(drive, documents[0]));
        Assert.Equal(video, await ReadAsync(local, documents[1]));
        Assert.Equal(onDrive.Link, documents[0].Link);
    }
}
