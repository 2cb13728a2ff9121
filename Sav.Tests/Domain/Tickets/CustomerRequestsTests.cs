using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

public class CustomerRequestsTests
{
    private static CustomerRequests Requests(TestDatabase database, TestServices services) =>
        new(database, new CustomerRequestValidator(), services.Contexts, services.Composer, new WriteGate(database.Database), services.Clock);

    [Fact]
    public async Task A_status_mail_shows_the_last_public_messages_but_no_internal_note()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        await using (var db = database.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync();
            for (var i = 1; i <= 6; i++)
                db.ConversationEntries.Add(new ConversationEntry
                {
                    TicketId = ticket.Id, Direction = Direction.ToCustomer, Author = "analyste", Text = $"Message {i}",
                    At = services.Clock.GetUtcNow().AddMinutes(i),
                });
            db.ConversationEntries.Add(new ConversationEntry
            {
                TicketId = ticket.Id, Direction = Direction.InternalNote, Author = "analyste", Text = "Note interne secrète",
                At = services.Clock.GetUtcNow().AddMinutes(10),
            });
            await db.SaveChangesAsync();
        }

        var outcome = await Requests(database, services).HandleAsync(new CustomerRequest(RequestKind.Status, opened.Context));

        Assert.Equal("Status", outcome!.Mail);
        await using var check = database.CreateDbContext();
        var mail = await check.OutboxMessages.SingleAsync(m => m.Template == "Status");
        Assert.DoesNotContain("Note interne secrète", mail.Text);
        Assert.DoesNotContain("Message 1", mail.Text);
        Assert.Contains("Message 2", mail.Text);
        Assert.Contains("Message 6", mail.Text);
    }

    [Fact]
    public async Task Closing_twice_keeps_the_ticket_closed_and_confirms_each_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var requests = Requests(database, services);

        await requests.HandleAsync(new CustomerRequest(RequestKind.Close, opened.Context));
        var second = await requests.HandleAsync(new CustomerRequest(RequestKind.Close, opened.Context));

        Assert.Equal("z10. Fermé", second!.Status);
        await using var db = database.CreateDbContext();
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Template == "ClosingConfirmation"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Reason == "CloseRequested"));
    }

    [Fact]
    public async Task An_answer_on_a_closed_ticket_brings_it_back_to_action_required()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var requests = Requests(database, services);
        await requests.HandleAsync(new CustomerRequest(RequestKind.Close, opened.Context));

        var outcome = await requests.HandleAsync(new CustomerRequest(RequestKind.Answer, opened.Context, "  Finalement non.  "));

        Assert.Equal("b10. Action demandée", outcome!.Status);
        Assert.Null(outcome.Mail);
        await using var db = database.CreateDbContext();
        Assert.Equal("Finalement non.", (await db.ConversationEntries.OrderBy(e => e.Id).LastAsync()).Text);
    }

    [Fact]
    public async Task A_forged_context_is_null_and_a_bad_comment_is_a_validation_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var requests = Requests(database, services);

        Assert.Null(await requests.HandleAsync(new CustomerRequest(RequestKind.Status, opened.Code + "#ZZZZZ")));
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            requests.HandleAsync(new CustomerRequest(RequestKind.Close, opened.Context, "bip\u0007")));
        Assert.Equal("COMMENT", Assert.Single(error.Errors).PropertyName);
    }

    [Theory]
    [InlineData(RequestKind.Status)]
    [InlineData(RequestKind.Close)]
    [InlineData(RequestKind.Reopen)]
    [InlineData(RequestKind.Answer)]
    public async Task A_customer_comment_moves_the_tickets_updated_time(RequestKind kind)
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new TestServices(database, clock);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var requests = Requests(database, services);
        // A ticket already closed: closing it again or a status request changes no status, yet the comment is news.
        if (kind is RequestKind.Close or RequestKind.Status) await requests.HandleAsync(new CustomerRequest(RequestKind.Close, opened.Context));
        clock.Advance(TimeSpan.FromHours(3));

        await requests.HandleAsync(new CustomerRequest(kind, opened.Context, "Un commentaire"));

        await using var db = database.CreateDbContext();
        Assert.Equal(clock.GetUtcNow(), (await db.Tickets.SingleAsync()).UpdatedAt);
    }

    [Fact]
    public async Task A_context_typed_with_O_for_0_is_understood()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        Assert.Equal("A000", opened.Code);
        var typed = opened.Context.Replace('0', 'O').ToLowerInvariant();

        var outcome = await Requests(database, services).HandleAsync(new CustomerRequest(RequestKind.Status, typed));

        Assert.NotNull(outcome);
        Assert.Equal(opened.Code, outcome.Code);
    }
}
