using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Conversations;
using Sav.Domain.Dashboard;
using Sav.Domain.Reports;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Reports;

/// <summary>Each figure against a count made the slow way, from the conversation and the audit, on the night
/// Paris moves its clocks forward (29 March 2026, 02:00 → 03:00).</summary>
public class ReportQueriesTests
{
    private const string Actor = "camille@sav.local";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset InParis(int month, int day, int hour, int minute) =>
        new DateTimeOffset(new DateTime(2026, month, day, hour, minute, 0), Paris.GetUtcOffset(new DateTime(2026, month, day, hour, minute, 0))).ToUniversalTime();

    private sealed record Seeded(TestDatabase Database, FakeTimeProvider Clock, ReportQueries Reports, DashboardQuery Dashboard) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static async Task<Seeded> SeedAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(InParis(3, 28, 23, 30));
        var services = new TestServices(database, clock);
        var actions = new TicketActions(database, services.Composer, clock);

        var lateSaturday = await services.Opener.OpenAsync(TestServices.ValidRequest("a@example.org"), "form");
        clock.SetUtcNow(InParis(3, 29, 0, 30));
        var earlySunday = await services.Opener.OpenAsync(TestServices.ValidRequest("b@example.org"), "form");
        clock.SetUtcNow(InParis(3, 29, 23, 30));
        await services.Opener.OpenAsync(TestServices.ValidRequest("c@example.org"), "form");
        clock.SetUtcNow(InParis(3, 30, 0, 30));
        await services.Opener.OpenAsync(TestServices.ValidRequest("never-answered@example.org"), "form");

        // Answered on Monday, then closed three times and reopened twice across the week.
        clock.SetUtcNow(InParis(3, 30, 9, 0));
        await actions.AskAsync(lateSaturday.Id, "Quel est le numéro de série ?", Actor);
        foreach (var close in new[] { true, false, true, false, true })
        {
            clock.Advance(TimeSpan.FromHours(5));
            var version = await VersionAsync(database, lateSaturday.Id);
            if (close) await actions.CloseAsync(lateSaturday.Id, version, Actor);
            else await actions.ReopenAsync(lateSaturday.Id, version, Actor);
        }
        clock.SetUtcNow(InParis(4, 2, 10, 0));
        await actions.AskAsync(earlySunday.Id, "Une photo ?", Actor);

        var time = new TeamTime(Paris, clock);
        return new Seeded(database, clock, new ReportQueries(database, time), new DashboardQuery(database, time));
    }

    private static async Task<int> VersionAsync(TestDatabase database, int id)
    {
        await using var db = database.CreateDbContext();
        return await db.Tickets.Where(t => t.Id == id).Select(t => t.Version).SingleAsync();
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Paris).DateTime);

    [Fact]
    public async Task Volume_per_day_matches_a_count_from_the_audit_and_splits_no_day_on_the_clock_change()
    {
        await using var s = await SeedAsync();
        var period = new ReportPeriod(new DateOnly(2026, 3, 28), new DateOnly(2026, 4, 3));

        var report = await s.Reports.VolumeAsync(period);

        await using var db = s.Database.CreateDbContext();
        var tickets = await db.Tickets.Include(t => t.History).AsNoTracking().ToListAsync();
        var statusChanges = tickets.SelectMany(t => t.History).Where(a => a.Field == "Status").ToList();
        foreach (var row in report.Rows)
        {
            var day = row.Bucket.Start;
            Assert.Equal(tickets.Count(t => Day(t.CreatedAt) == day), row.Opened);
            Assert.Equal(statusChanges.Count(a => a.After == "z10. Fermé" && Day(a.At) == day), row.Closed);
            Assert.Equal(statusChanges.Count(a => a.Before == "z10. Fermé" && Day(a.At) == day), row.Reopened);
        }
        Assert.Equal(7, report.Rows.Count);
        Assert.Equal([1, 2, 1], report.Rows.Take(3).Select(r => r.Opened));
        Assert.Equal(new VolumeTotals(4, 3, 2), report.Totals);
        Assert.Equal(new VolumeTotals(0, 0, 0), report.Previous);
    }

    [Fact]
    public async Task Volume_by_iso_week_and_month_adds_up_the_days()
    {
        await using var s = await SeedAsync();
        var days = await s.Reports.VolumeAsync(new ReportPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30)));
        var weeks = await s.Reports.VolumeAsync(new ReportPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), Grain.Week));
        var months = await s.Reports.VolumeAsync(new ReportPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), Grain.Month));

        Assert.Equal("2026-W09", weeks.Rows[0].Bucket.Label);
        Assert.Equal(new DateOnly(2026, 3, 2), weeks.Rows[1].Bucket.Start);
        Assert.Equal(["2026-03", "2026-04"], months.Rows.Select(r => r.Bucket.Label));
        Assert.Equal([4, 0], months.Rows.Select(r => r.Opened));
        Assert.Equal(days.Totals, weeks.Totals);
        Assert.Equal(days.Totals, months.Totals);
        var w13 = Assert.Single(weeks.Rows, r => r.Bucket.Label == "2026-W13");
        Assert.Equal(3, w13.Opened);
    }

    [Fact]
    public async Task A_period_with_no_ticket_is_an_empty_table_of_zeros()
    {
        await using var s = await SeedAsync();
        var period = new ReportPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31));

        var volume = await s.Reports.VolumeAsync(period);
        var delays = await s.Reports.DelaysAsync(period);
        var products = await s.Reports.ProductsAsync(period);
        var clients = await s.Reports.ClientsAsync(period);

        Assert.Equal(31, volume.Rows.Count);
        Assert.All(volume.Rows, r => Assert.Equal(0, r.Opened + r.Closed + r.Reopened));
        Assert.Equal(0, delays.Total.Tickets);
        Assert.Null(delays.Total.AnswerMedian);
        Assert.Empty(products.Families);
        Assert.Empty(clients.Rows);
    }

    [Fact]
    public async Task Delays_match_the_first_question_and_the_last_closing_and_leave_out_the_ticket_never_answered()
    {
        await using var s = await SeedAsync();
        var period = new ReportPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

        var report = await s.Reports.DelaysAsync(period);

        await using var db = s.Database.CreateDbContext();
        var tickets = await db.Tickets.Include(t => t.Conversation).Include(t => t.History).AsNoTracking().ToListAsync();
        var answers = tickets.Select(t => t.Conversation.Where(e => e.Direction == Direction.ToCustomer).Select(e => (DateTimeOffset?)e.At).Min() - t.CreatedAt)
            .Where(d => d is not null).Select(d => d!.Value).Order().ToList();
        Assert.Equal(4, report.Total.Tickets);
        Assert.Equal(2, report.Total.Answered);
        Assert.Equal(answers[0], report.Total.AnswerMedian);
        Assert.Equal(answers[1], report.Total.AnswerP90);
        var lastClosing = tickets.SelectMany(t => t.History).Where(a => a.After == "z10. Fermé").Max(a => a.At);
        Assert.Equal(1, report.Total.Closed);
        Assert.Equal(lastClosing - InParis(3, 28, 23, 30), report.Total.CloseMedian);
        Assert.Equal(4, report.By[DelayDimension.Channel].Single().Tickets);
    }

    [Fact]
    public async Task Stock_products_clients_and_dashboard_count_what_the_tickets_say()
    {
        await using var s = await SeedAsync();
        s.Clock.SetUtcNow(InParis(4, 2, 12, 0));

        var stock = await s.Reports.StockAsync();
        var products = await s.Reports.ProductsAsync(new ReportPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));
        var dashboard = await s.Dashboard.LoadAsync();

        await using var db = s.Database.CreateDbContext();
        var open = await db.Tickets.Where(t => t.Status.Category != StatusCategory.Closed).Select(t => t.CreatedAt).ToListAsync();
        Assert.Equal(open.Count, stock.Rows.Sum(r => r.Total));
        // Opened on 29–30 March, three days and a bit before: the 3–7 days bucket.
        Assert.Equal(open.Count, stock.ByAge[2]);
        Assert.Equal(4, products.Total);
        Assert.Equal(open.Count, dashboard.OpenNow);
        // Closed on Monday 30 March, then twice more after each reopening: three closings this week.
        Assert.Equal(3, dashboard.ClosedThisWeek);
        Assert.Equal(0, dashboard.OpenedToday);
        Assert.Equal(1, dashboard.OpenedThisWeek);
        Assert.Equal(30, dashboard.LastDays.Count);
        Assert.Equal(2, dashboard.LastDays.Single(d => d.Day == new DateOnly(2026, 3, 29)).Opened);
        Assert.Equal(open.Count, dashboard.WaitingLongest.Count + dashboard.ByStatus.Where(x => x.Category != StatusCategory.Open).Sum(x => x.Count));
    }

    [Theory]
    [InlineData(null, "2026-05-01", "2026-04-01", null, PeriodError.FromAfterTo)]
    [InlineData(null, "2000-01-01", "2050-01-01", null, PeriodError.TooLong)]
    [InlineData(null, "2016-01-01", "2026-12-31", "month", PeriodError.TooLong)]
    [InlineData(null, "2022-01-01", "2026-12-31", null, PeriodError.TooLongByDay)]
    [InlineData(null, "hier", "2026-04-01", null, PeriodError.BadDate)]
    [InlineData(null, "2026-02-30", "2026-04-01", null, PeriodError.BadDate)]
    [InlineData(null, null, null, "hour", PeriodError.BadGrain)]
    [InlineData("next-century", null, null, null, PeriodError.BadPreset)]
    public void Bad_query_strings_say_what_is_wrong(string? period, string? from, string? to, string? by, PeriodError error) =>
        Assert.Equal(error, ReportPeriod.Parse(period, from, to, by, new DateOnly(2026, 4, 2)).Error);

    [Fact]
    public void Ten_years_by_month_or_by_week_are_one_page_of_rows()
    {
        var (months, error) = ReportPeriod.Parse(null, "2017-01-01", "2026-12-31", "month", new DateOnly(2026, 12, 7));
        Assert.Null(error);
        Assert.Equal(120, months!.Buckets().Count);
        var (weeks, _) = ReportPeriod.Parse(null, "2017-01-01", "2026-12-31", "week", new DateOnly(2026, 12, 7));
        Assert.InRange(weeks!.Buckets().Count, 521, 523);
        Assert.Equal(PeriodError.TooLongByDay, ReportPeriod.Parse(null, "2017-01-01", "2026-12-31", "day", new DateOnly(2026, 12, 7)).Error);
    }

    [Fact]
    public void Presets_are_compared_with_the_period_of_the_same_length_before()
    {
        var (period, _) = ReportPeriod.Parse("last-month", null, null, "week", new DateOnly(2026, 4, 2));
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), Grain.Week), (period!.From, period.To, period.By));
        Assert.Equal((new DateOnly(2026, 1, 29), new DateOnly(2026, 2, 28)), (period.Previous.From, period.Previous.To));
        Assert.Equal(new DateOnly(2026, 4, 1), ReportPeriod.Parse("this-quarter", null, null, null, new DateOnly(2026, 4, 2)).Period!.From);
    }
}
