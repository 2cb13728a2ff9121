using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Data;
using Sav.Domain.Sla;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Sla;

/// <summary>The targets of real tickets, kept on them as they change: a question pauses the closing target until the customer
/// answers; a target changed later leaves the tickets already opened with theirs; the menu counts the late ones; a ticket
/// from before gets its deadlines from its history.</summary>
public class SlaBoardTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset InParis(int month, int day, int hour)
    {
        var local = new DateTime(2026, month, day, hour, 0, 0);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    private sealed record Setup(TestDatabase Database, FakeTimeProvider Clock, TestServices Services) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    /// <summary>A database with a target for every ticket, in force from Tuesday 1 December at 08:00 in Paris, the clock there.</summary>
    private static async Task<Setup> WithTargetAsync(double answerHours, double closeHours)
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(InParis(12, 1, 8));
        await using (var db = database.CreateDbContext())
            await SlaTargets.SaveAsync(db, null, null, answerHours, closeHours, clock.GetUtcNow());
        return new Setup(database, clock, new TestServices(database, clock));
    }

    [Fact]
    public async Task A_question_pauses_the_closing_target_until_the_customer_answers_and_a_later_target_is_for_new_tickets()
    {
        await using var setup = await WithTargetAsync(answerHours: 8, closeHours: 45);
        var (database, clock, services) = setup;
        clock.SetUtcNow(InParis(12, 1, 9));                              // Tuesday 09:00
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        clock.SetUtcNow(InParis(12, 1, 11));
        await new TicketActions(database, services.Composer, clock).AskAsync(opened.Id, "Le numéro de série ?", "camille@sav.local");
        clock.SetUtcNow(InParis(12, 3, 14));                             // Thursday 14:00: the customer answers
        var requests = new CustomerRequests(database, new CustomerRequestValidator(), services.Contexts, services.Composer, new WriteGate(database.Database), clock);
        await requests.HandleAsync(new CustomerRequest(RequestKind.Answer, opened.Context, "SN-1234"));
        clock.SetUtcNow(InParis(12, 3, 16));
        await using (var db = database.CreateDbContext())
            await SlaTargets.SaveAsync(db, null, null, answerHours: 2, closeHours: 9, clock.GetUtcNow());
        var later = await services.Opener.OpenAsync(TestServices.ValidRequest("autre@example.org"), "form");
        clock.SetUtcNow(InParis(12, 3, 17));

        var board = new SlaBoard(new WorkingCalendar(new WorkingHoursOptions(), Paris), clock);
        await using var check = database.CreateDbContext();
        var views = await board.ForAsync(check, [opened.Id, later.Id]);

        var first = views[opened.Id];
        Assert.Equal((SlaState.Met, TimeSpan.FromHours(6)), (first.Answer!.State, first.Answer.Left));
        // Two hours before the question, three after the answer: Wednesday, waiting on the customer, does not count.
        Assert.Equal((SlaState.OnTime, TimeSpan.FromHours(40)), (first.Close!.State, first.Close.Left));
        var second = views[later.Id];
        Assert.Equal((SlaState.OnTime, TimeSpan.FromHours(1)), (second.Answer!.State, second.Answer.Left));
        Assert.Equal(InParis(12, 3, 18), second.Answer.Due);
    }

    [Fact]
    public async Task The_menu_counts_the_open_tickets_past_a_deadline_while_their_clock_runs()
    {
        await using var setup = await WithTargetAsync(answerHours: 2, closeHours: 9);
        var (database, clock, services) = setup;
        clock.SetUtcNow(InParis(12, 1, 9));
        var asked = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        var closed = await services.Opener.OpenAsync(TestServices.ValidRequest("deux@example.org"), "form");
        var forgotten = await services.Opener.OpenAsync(TestServices.ValidRequest("trois@example.org"), "form");
        var board = new SlaBoard(new WorkingCalendar(new WorkingHoursOptions(), Paris), clock);
        async Task<int> LateAsync()
        {
            await using var db = database.CreateDbContext();
            return await board.LateCountAsync(db);
        }
        Assert.Equal(0, await LateAsync());

        var actions = new TicketActions(database, services.Composer, clock);
        await actions.AskAsync(asked.Id, "Le numéro de série ?", "camille@sav.local");
        int version;
        await using (var db = database.CreateDbContext()) version = (await db.Tickets.SingleAsync(t => t.Id == closed.Id)).Version;
        await actions.CloseAsync(closed.Id, version, "camille@sav.local", notifyCustomer: false);
        clock.SetUtcNow(InParis(12, 1, 12));                             // three hours later: only the forgotten one is late

        Assert.Equal(1, await LateAsync());
        await using var check = database.CreateDbContext();
        Assert.True((await board.ForAsync(check, [forgotten.Id]))[forgotten.Id].Late);
        Assert.Equal(SlaState.Paused, (await board.ForAsync(check, [asked.Id]))[asked.Id].Shown!.State);
    }

    [Fact]
    public async Task Tickets_opened_under_a_target_before_it_was_kept_on_them_get_it_from_their_history()
    {
        await using var setup = await WithTargetAsync(answerHours: 8, closeHours: 45);
        var (database, clock, services) = setup;
        clock.SetUtcNow(InParis(12, 1, 9));
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        clock.SetUtcNow(InParis(12, 1, 11));
        await new TicketActions(database, services.Composer, clock).AskAsync(opened.Id, "Le numéro de série ?", "camille@sav.local");
        clock.SetUtcNow(InParis(12, 3, 14));
        var requests = new CustomerRequests(database, new CustomerRequestValidator(), services.Contexts, services.Composer, new WriteGate(database.Database), clock);
        await requests.HandleAsync(new CustomerRequest(RequestKind.Answer, opened.Context, "SN-1234"));
        Ticket kept;
        await using (var db = database.CreateDbContext())
        {
            kept = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == opened.Id);
            // As a database from before: the ticket without its instants, the backfill not yet run.
            await db.Tickets.ExecuteUpdateAsync(s => s.SetProperty(t => t.SlaTargetId, (int?)null).SetProperty(t => t.AnswerDueAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CloseDueAt, (DateTimeOffset?)null).SetProperty(t => t.SlaDueAt, (DateTimeOffset?)null));
            await db.Counters.Where(c => c.Name == SlaBackfill.DoneMarker).ExecuteDeleteAsync();
        }

        await using (var db = database.CreateDbContext()) await SlaBackfill.RunAsync(db);

        await using var check = database.CreateDbContext();
        var filled = await check.Tickets.AsNoTracking().SingleAsync(t => t.Id == opened.Id);
        Assert.NotNull(kept.SlaTargetId);
        Assert.Equal((kept.SlaTargetId, kept.AnswerDueAt, kept.CloseDueAt, kept.SlaPausedAt, kept.SlaDueAt),
            (filled.SlaTargetId, filled.AnswerDueAt, filled.CloseDueAt, filled.SlaPausedAt, filled.SlaDueAt));
        Assert.Equal(InParis(12, 10, 12), filled.CloseDueAt);
    }
}
