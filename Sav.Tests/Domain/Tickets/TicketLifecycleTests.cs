using Microsoft.EntityFrameworkCore;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

public class TicketLifecycleTests
{
    [Theory]
    [InlineData(TicketEvent.Opened, null, "a10")]
    [InlineData(TicketEvent.CustomerAnswered, StatusCategory.WaitingOnCustomer, "b10")]
    [InlineData(TicketEvent.CustomerAnswered, StatusCategory.Closed, "b10")]
    [InlineData(TicketEvent.DocumentAdded, StatusCategory.Open, "b10")]
    [InlineData(TicketEvent.AnalystAsked, StatusCategory.Open, "c20")]
    [InlineData(TicketEvent.CloseRequested, StatusCategory.Open, "z10")]
    [InlineData(TicketEvent.CloseRequested, StatusCategory.WaitingOnThirdParty, "z10")]
    [InlineData(TicketEvent.CloseRequested, StatusCategory.Closed, null)]
    [InlineData(TicketEvent.Reopened, StatusCategory.Closed, "b10")]
    [InlineData(TicketEvent.Reopened, StatusCategory.Open, null)]
    [InlineData(TicketEvent.Reopened, StatusCategory.WaitingOnCustomer, null)]
    public void Each_event_leads_to_its_status(TicketEvent ticketEvent, StatusCategory? from, string? to)
    {
        Assert.Equal(to, TicketLifecycle.Target(ticketEvent, from));
    }

    [Fact]
    public async Task A_move_is_recorded_in_the_history_with_who_and_why()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");

        await using (var db = database.CreateDbContext())
        {
            var ticket = await db.Tickets.Include(t => t.Status).SingleAsync(t => t.Id == opened.Id);
            var moved = await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.AnalystAsked, "analyste@sav.local", services.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            Assert.True(moved);
        }

        await using var check = database.CreateDbContext();
        var history = await check.AuditEntries.Where(a => a.TicketId == opened.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal(("form", null, "a10. Nouveau"), (history[0].Actor, history[0].Before, history[0].After));
        Assert.Equal(("analyste@sav.local", "a10. Nouveau", "c20. Attente précisions Demandeur", "AnalystAsked"),
            (history[1].Actor, history[1].Before, history[1].After, history[1].Reason));
    }

    [Fact]
    public async Task Reopening_an_open_ticket_changes_nothing_and_records_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");

        await using var db = database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Status).SingleAsync(t => t.Id == opened.Id);
        var moved = await TicketLifecycle.ApplyAsync(db, ticket, TicketEvent.Reopened, "form", services.Clock.GetUtcNow());
        await db.SaveChangesAsync();

        Assert.False(moved);
        Assert.Equal("a10", ticket.Status.Code);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.TicketId == opened.Id));
    }
}
