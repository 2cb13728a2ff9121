using Sav.Domain.Sla;
using Sav.Domain.Tickets;

namespace Sav.Tests.Domain.Sla;

/// <summary>Response targets in the team's working hours (Monday to Friday, 09:00–18:00 in Paris, without France's
/// public holidays): across a weekend, a public holiday, a pause while the customer is asked, the clocks' change.</summary>
public class SlaPolicyTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly WorkingCalendar Calendar = new(new WorkingHoursOptions(), Paris);
    private static readonly SlaTarget Target = new() { AnswerHours = 8, CloseHours = 45, ValidFrom = DateTimeOffset.MinValue };

    private static Ticket Opened(DateTimeOffset at)
    {
        var ticket = new Ticket { CreatedAt = at, UpdatedAt = at };
        SlaPolicy.Start(ticket, SlaPolicy.Dues(Target, at, Calendar));
        return ticket;
    }

    private static SlaView View(Ticket ticket, DateTimeOffset now) => SlaPolicy.View(Target, SlaFacts.Of(ticket), Calendar, now);

    private static DateTimeOffset InParis(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    [Fact]
    public void Easter_and_the_holidays_of_france_are_known()
    {
        Assert.Equal(new DateOnly(2026, 4, 5), WorkingCalendar.EasterSunday(2026));
        Assert.Equal(new DateOnly(2027, 3, 28), WorkingCalendar.EasterSunday(2027));
        var holidays = WorkingCalendar.FrenchHolidays(2026);
        Assert.Equal(11, holidays.Count);
        Assert.Contains(new DateOnly(2026, 4, 6), holidays);   // Easter Monday
        Assert.Contains(new DateOnly(2026, 5, 14), holidays);  // Ascension
        Assert.Contains(new DateOnly(2026, 5, 25), holidays);  // Whit Monday
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 7, 14)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 7, 15)));
    }

    [Fact]
    public void A_ticket_opened_on_friday_afternoon_is_due_on_monday_afternoon()
    {
        var opened = InParis(2026, 12, 4, 16);      // Friday 16:00: two hours on Friday, six on Monday
        Assert.Equal(InParis(2026, 12, 7, 15), Calendar.Add(opened, TimeSpan.FromHours(8)));
        Assert.Equal(TimeSpan.FromHours(2), Calendar.Between(opened, InParis(2026, 12, 7, 8)));

        var ticket = Opened(opened);
        var sunday = View(ticket, InParis(2026, 12, 6, 12));
        Assert.Equal((SlaState.OnTime, TimeSpan.FromHours(6), InParis(2026, 12, 7, 15)), (sunday.Answer!.State, sunday.Answer.Left, sunday.Answer.Due));
        Assert.Equal(InParis(2026, 12, 7, 15), ticket.SlaDueAt);
        var mondayLate = View(ticket, InParis(2026, 12, 7, 16, 30));
        Assert.Equal((SlaState.Late, TimeSpan.FromHours(-1.5)), (mondayLate.Answer!.State, mondayLate.Answer.Left));
        Assert.True(mondayLate.Late);
        var soon = View(ticket, InParis(2026, 12, 7, 13, 30));
        Assert.Equal(SlaState.DueSoon, soon.Answer!.State);
    }

    [Fact]
    public void A_public_holiday_is_not_counted()
    {
        var opened = InParis(2026, 11, 10, 17);     // Tuesday 17:00, the day before 11 November
        Assert.Equal(InParis(2026, 11, 12, 16), Calendar.Add(opened, TimeSpan.FromHours(8)));
        Assert.Equal(TimeSpan.FromHours(1), Calendar.Between(opened, InParis(2026, 11, 12, 9)));
    }

    [Fact]
    public void Waiting_on_the_customer_pauses_the_closing_target_and_the_answer_met_stays_met()
    {
        var opened = InParis(2026, 12, 1, 9);       // Tuesday 09:00
        var asked = InParis(2026, 12, 1, 12);
        var answered = InParis(2026, 12, 3, 10);    // the customer answers on Thursday: Wednesday is not counted
        var ticket = Opened(opened);
        ticket.FirstAnsweredAt = asked;
        SlaPolicy.Answered(ticket, Calendar);
        SlaPolicy.Pause(ticket, asked);
        Assert.Null(ticket.SlaDueAt);

        var stillWaiting = View(ticket, InParis(2026, 12, 8, 11));
        Assert.Equal((SlaState.Paused, TimeSpan.FromHours(42)), (stillWaiting.Close!.State, stillWaiting.Close.Left));

        SlaPolicy.Resume(ticket, answered, Calendar);
        var view = View(ticket, InParis(2026, 12, 3, 11));
        Assert.Equal((SlaState.Met, TimeSpan.FromHours(5)), (view.Answer!.State, view.Answer.Left));
        Assert.Equal(TimeSpan.FromHours(45 - 4), view.Close!.Left);
        Assert.Equal(view.Close, view.Shown);
        // The closing, due on Monday 18:00, now falls due the sixteen working hours waited later: Wednesday 9 at 16:00.
        Assert.Equal(InParis(2026, 12, 9, 16), ticket.CloseDueAt);
        Assert.Equal(ticket.CloseDueAt, ticket.SlaDueAt);
    }

    [Fact]
    public void A_wait_before_the_first_answer_moves_the_answer_on_and_one_after_it_only_the_closing()
    {
        var ticket = Opened(InParis(2026, 12, 1, 9));                 // Tuesday 09:00: answer due 17:00
        SlaPolicy.Pause(ticket, InParis(2026, 12, 1, 10));            // waiting on a third party, before any answer
        SlaPolicy.Resume(ticket, InParis(2026, 12, 1, 14), Calendar);
        Assert.Equal(InParis(2026, 12, 2, 12), ticket.AnswerDueAt);    // four working hours later: Wednesday 12:00
        ticket.FirstAnsweredAt = InParis(2026, 12, 2, 11);
        SlaPolicy.Answered(ticket, Calendar);
        SlaPolicy.Pause(ticket, ticket.FirstAnsweredAt.Value);
        SlaPolicy.Resume(ticket, InParis(2026, 12, 2, 15), Calendar);
        Assert.Equal(InParis(2026, 12, 2, 12), ticket.AnswerDueAt);
        Assert.Equal(SlaState.Met, View(ticket, InParis(2026, 12, 2, 16)).Answer!.State);
        ticket.ClosedAt = InParis(2026, 12, 2, 16);
        SlaPolicy.Refresh(ticket);
        Assert.Null(ticket.SlaDueAt);
    }

    [Fact]
    public void A_working_day_on_the_nights_the_clocks_change_is_still_nine_hours()
    {
        // Sunday 29 March 2026 the clocks go forward; Monday 30 March is a working day of nine hours, whatever UTC says.
        Assert.Equal(TimeSpan.FromHours(9), Calendar.Between(InParis(2026, 3, 27, 18), InParis(2026, 3, 30, 18)));
        Assert.Equal(InParis(2026, 3, 30, 17), Calendar.Add(InParis(2026, 3, 27, 18), TimeSpan.FromHours(8)));
        // And back on Sunday 25 October.
        Assert.Equal(TimeSpan.FromHours(18), Calendar.Between(InParis(2026, 10, 23, 9), InParis(2026, 10, 26, 18)));
    }

    [Fact]
    public void The_target_in_force_at_the_opening_and_the_closest_fit_apply()
    {
        var changedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        SlaTarget[] targets =
        [
            new() { Id = 1, AnswerHours = 8, ValidFrom = DateTimeOffset.MinValue, ValidUntil = changedAt },
            new() { Id = 2, AnswerHours = 4, ValidFrom = changedAt },
            new() { Id = 3, AnswerHours = 2, BrandId = 7, ValidFrom = DateTimeOffset.MinValue },
            new() { Id = 4, AnswerHours = 1, BrandId = 7, Warranty = Warranty.Yes, ValidFrom = DateTimeOffset.MinValue },
        ];

        Assert.Equal(1, SlaPolicy.For(targets, null, Warranty.No, changedAt.AddDays(-1))!.Id);
        Assert.Equal(2, SlaPolicy.For(targets, null, Warranty.No, changedAt.AddDays(1))!.Id);
        Assert.Equal(3, SlaPolicy.For(targets, 7, Warranty.No, changedAt)!.Id);
        Assert.Equal(4, SlaPolicy.For(targets, 7, Warranty.Yes, changedAt)!.Id);
        Assert.Equal(2, SlaPolicy.For(targets, 8, Warranty.Yes, changedAt)!.Id);
    }
}
