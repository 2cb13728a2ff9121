using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

/// <summary>Openings that arrive together are written together: these tests hold the SQLite write gate
/// so that several openings wait, then let the writer take them in one transaction.</summary>
public class OpeningWriterTests
{
    [Fact]
    public async Task In_a_batch_an_opening_that_fails_fails_alone_and_the_others_are_written_with_consecutive_codes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (opener, gate) = await OpenerWithFamiliesAsync(database);
        var first = await opener.OpenAsync(Request("first@example.com", "Vidéoprojecteurs"), "form");
        // The family goes while the opener's catalogue still names it: its ticket would point to a row that is gone.
        await using (var db = database.CreateDbContext())
            await db.ProductFamilies.Where(f => f.Code == "video").ExecuteDeleteAsync();

        Task<OpenedTicket>[] openings;
        using (await gate.EnterAsync())
        {
            openings =
            [
                opener.OpenAsync(Request("a@example.com", "Écrans tactiles"), "form"),
                opener.OpenAsync(Request("b@example.com", "Vidéoprojecteurs"), "form"),
                opener.OpenAsync(Request("c@example.com", "Écrans tactiles"), "form"),
            ];
            await WaitQueuedAsync(opener, 3);
        }

        await Assert.ThrowsAnyAsync<DbException>(() => openings[1]);
        var (a, c) = (await openings[0], await openings[2]);
        Assert.Equal(new[] { TicketCode.FromNumber(1), TicketCode.FromNumber(2) }, new[] { a.Code, c.Code });
        Assert.Equal(TicketCode.FromNumber(0), first.Code);
        await using var check = database.CreateDbContext();
        Assert.Equal(new[] { "a@example.com", "c@example.com", "first@example.com" },
            (await check.Tickets.Select(t => t.Contact!.Email).ToListAsync()).Order());
        Assert.Equal(3, await check.OutboxMessages.CountAsync());
        Assert.Equal(3, await check.AuditEntries.CountAsync());
        Assert.Equal(3, await check.ConversationEntries.CountAsync());
        Assert.False(await check.Contacts.AnyAsync(x => x.Email == "b@example.com"));
        Assert.Equal(3, (await check.Counters.SingleAsync(x => x.Name == TicketCode.CounterName)).Value);
    }

    [Fact]
    public async Task The_same_submission_three_times_in_one_batch_makes_one_ticket_and_one_mail()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (opener, gate) = await OpenerWithFamiliesAsync(database);

        Task<OpenedTicket>[] openings;
        using (await gate.EnterAsync())
        {
            openings =
            [
                opener.OpenAsync(Request("same@example.com", "Écrans tactiles"), "form"),
                opener.OpenAsync(Request("other@example.com", "Écrans tactiles"), "form"),
                opener.OpenAsync(Request(" Same@Example.com ", "Écrans tactiles"), "form"),
                opener.OpenAsync(Request("same@example.com", "Écrans tactiles"), "form"),
            ];
            await WaitQueuedAsync(opener, 4);
        }

        var opened = await Task.WhenAll(openings);
        Assert.Equal(new[] { false, false, true, true }, opened.Select(o => o.Duplicate));
        Assert.Equal(opened[0].Context, opened[2].Context);
        Assert.Equal(opened[0].Context, opened[3].Context);
        Assert.Equal(new[] { TicketCode.FromNumber(0), TicketCode.FromNumber(1) }, opened.Select(o => o.Code).Distinct());
        await using var check = database.CreateDbContext();
        Assert.Equal(2, await check.Tickets.CountAsync());
        Assert.Equal(2, await check.OutboxMessages.CountAsync());
        Assert.Equal(2, await check.Contacts.CountAsync());
    }

    [Fact]
    public async Task A_request_cancelled_while_it_waits_writes_nothing_and_takes_no_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (opener, gate) = await OpenerWithFamiliesAsync(database);
        using var cancel = new CancellationTokenSource();

        Task<OpenedTicket> cancelled, kept;
        using (await gate.EnterAsync())
        {
            cancelled = opener.OpenAsync(Request("gone@example.com", "Écrans tactiles"), "form", cancel.Token);
            kept = opener.OpenAsync(Request("kept@example.com", "Écrans tactiles"), "form");
            await WaitQueuedAsync(opener, 2);
            await cancel.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(TicketCode.FromNumber(0), (await kept).Code);
        await using var check = database.CreateDbContext();
        Assert.Equal("kept@example.com", (await check.Tickets.Include(t => t.Contact).SingleAsync()).Contact!.Email);
        Assert.Equal(1, await check.Contacts.CountAsync());
        Assert.Equal(1, await check.OutboxMessages.CountAsync());
        Assert.Equal(1, await check.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task A_known_contact_keeps_its_recorded_name_and_its_client_in_the_batch()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            var client = new Client { ErpId = "C1", Name = "Collège Pasteur", EmailDomain = "college-pasteur.example" };
            db.Contacts.Add(new Contact { Email = "marie@college-pasteur.example", Name = "M. Durand", Phone = "0102030405", Client = client });
            await db.SaveChangesAsync();
        }
        var (opener, gate) = await OpenerWithFamiliesAsync(database);

        Task<OpenedTicket>[] openings;
        using (await gate.EnterAsync())
        {
            openings =
            [
                opener.OpenAsync(Request("marie@college-pasteur.example", "Écrans tactiles") with { Name = "Marie Durand" }, "form"),
                opener.OpenAsync(Request("paul@college-pasteur.example", "Écrans tactiles") with { Phone = "0607080910" }, "form"),
            ];
            await WaitQueuedAsync(opener, 2);
        }
        await Task.WhenAll(openings);

        await using var check = database.CreateDbContext();
        var contacts = await check.Contacts.Include(x => x.Client).OrderBy(x => x.Email).ToListAsync();
        Assert.Equal(new[] { ("M. Durand", (string?)"0102030405"), ("Paul", "0607080910") }, contacts.Select(x => (x.Name, x.Phone)));
        Assert.Equal("Marie Durand", (await check.AuditEntries.SingleAsync(a => a.Field == ContactRules.NameField)).After);
        Assert.All(contacts, x => Assert.Equal("Collège Pasteur", x.Client?.Name));
        Assert.All(await check.Tickets.Include(t => t.Client).ToListAsync(), t => Assert.Equal("Collège Pasteur", t.Client?.Name));
    }

    [Fact]
    public async Task The_confirmation_queued_before_the_ticket_has_a_code_carries_its_context_in_subject_text_and_links()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (opener, _) = await OpenerWithFamiliesAsync(database);

        var opened = await opener.OpenAsync(Request("marie@example.com", "Écrans tactiles"), "form");

        await using var check = database.CreateDbContext();
        var mail = await check.OutboxMessages.SingleAsync();
        Assert.Equal($"Ticket N° {opened.Context}# - Écran ne s'allume plus", mail.Subject);
        // A short row: the body is rendered when the mail is sent.
        Assert.True(MailComposer.AwaitsBody(mail));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await new MailComposer(new TicketContexts(TestServices.Secret), Options.Create(new MailOptions()), clock).RenderAsync(check, mail);
        Assert.Contains(opened.Context, mail.Text);
        Assert.Contains($"/f/status?c={Uri.EscapeDataString(opened.Context)}", mail.Html);
        Assert.Contains("Bonjour Marie", mail.Html);
        foreach (var text in new[] { mail.Subject, mail.Html, mail.Text })
        {
            Assert.DoesNotContain(OutboxDraft.StandIn.Code, text);
            Assert.DoesNotContain(OutboxDraft.StandIn.Control, text);
        }
    }

    [Fact]
    public async Task Openings_after_the_writer_has_closed_its_idle_connection_are_written()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (opener, _) = await OpenerWithFamiliesAsync(database);
        opener.Writer.IdleLifetime = TimeSpan.FromMilliseconds(50);

        var before = await opener.OpenAsync(Request("before@example.com", "Écrans tactiles"), "form");
        // Until the writer has closed its idle connection (a condition, not a fixed wait).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (opener.Writer.KeepsIdleConnection && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.False(opener.Writer.KeepsIdleConnection, "the idle connection was never closed");
        var after = await opener.OpenAsync(Request("after@example.com", "Écrans tactiles"), "form");

        Assert.Equal(new[] { TicketCode.FromNumber(0), TicketCode.FromNumber(1) }, new[] { before.Code, after.Code });
        await using var check = database.CreateDbContext();
        Assert.Equal(2, await check.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task On_postgresql_openings_together_are_numbered_in_order_deduplicated_and_one_that_fails_fails_alone()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        var (opener, _) = await OpenerWithFamiliesAsync(database, new WriteGate(database.Database));
        await opener.OpenAsync(Request("first@example.com", "Vidéoprojecteurs"), "form");
        await using (var db = database.CreateDbContext())
            await db.ProductFamilies.Where(f => f.Code == "video").ExecuteDeleteAsync();

        var requests = Enumerable.Range(0, 20).Select(i => Request($"client{i}@example.com", "Écrans tactiles"))
            .Concat(Enumerable.Repeat(Request("twice@example.com", "Écrans tactiles"), 5))
            .Append(Request("gone@example.com", "Vidéoprojecteurs"))
            .ToList();
        var outcomes = await Task.WhenAll(requests.Select(r => Task.Run(async () =>
        {
            try
            {
                return await opener.OpenAsync(r, "form");
            }
            catch (DbException)
            {
                return null;
            }
        })));

        Assert.Null(outcomes[^1]);
        var opened = outcomes.Take(25).Select(o => o!).ToList();
        Assert.Single(opened.Skip(20).Select(o => o.Context).Distinct());
        Assert.Equal(4, opened.Count(o => o.Duplicate));
        await using var check = database.CreateDbContext();
        var codes = await check.Tickets.Select(t => t.Code).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 22).Select(n => TicketCode.FromNumber(n)).Order(), codes.Order());
        Assert.Equal(22, await check.OutboxMessages.CountAsync(m => m.TicketId != null));
        Assert.Equal(22, await check.AuditEntries.CountAsync());
        Assert.Equal(22, await check.ConversationEntries.CountAsync());
        Assert.False(await check.Contacts.AnyAsync(x => x.Email == "gone@example.com"));
        var mail = await check.OutboxMessages.Include(m => m.Ticket).FirstAsync(m => m.Ticket!.Code == opened[0].Code);
        Assert.Equal($"Ticket N° {opened[0].Context}# - Écran ne s'allume plus", mail.Subject);
        Assert.Equal(OutboxState.Pending, mail.State);
    }

    private static OpenTicket Request(string email, string family) => TestServices.ValidRequest(email) with
    {
        Name = email.Trim().Split('@')[0] is var name && name.Length > 0 ? char.ToUpperInvariant(name[0]) + name[1..] : "X",
        ProductFamily = family,
    };

    /// <summary>An opener whose catalogue knows two families, loaded now; its clock stands still, so it keeps them.</summary>
    private static async Task<(TicketOpener Opener, WriteGate Gate)> OpenerWithFamiliesAsync(IDbContextFactory<SavDbContext> factory,
        WriteGate? gate = null)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.ProductFamilies.AddRange(
                new ProductFamily { Code = "ecrans", Name = "Écrans tactiles" },
                new ProductFamily { Code = "video", Name = "Vidéoprojecteurs" });
            await db.SaveChangesAsync();
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var contexts = new TicketContexts(TestServices.Secret);
        var composer = new MailComposer(contexts, Options.Create(new MailOptions()), clock);
        gate ??= factory is TestDatabase test ? new WriteGate(test.Database) : throw new ArgumentNullException(nameof(gate));
        return (new TicketOpener(factory, new OpenTicketValidator(), contexts, composer, clock, gate), gate);
    }

    private static async Task WaitQueuedAsync(TicketOpener opener, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (opener.Queued < count)
        {
            Assert.True(DateTime.UtcNow < until, $"{opener.Queued} openings queued, {count} expected");
            await Task.Delay(10);
        }
    }
}
