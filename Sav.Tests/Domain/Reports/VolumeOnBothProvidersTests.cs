using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Data;
using Sav.Domain.Reports;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Reports;

/// <summary>« Volume » counts each local day's range in the database, the bounds written for each provider (SQLite's
/// instants are numbers, PostgreSQL's timestamps): around the night Paris moves its clocks back (25 October 2026, a
/// 25-hour Sunday), both count each ticket on its local day, as a count made here does.</summary>
public class VolumeOnBothProvidersTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task On_SQLite_each_ticket_counts_on_its_local_day() => await AssertVolumeAsync(await TestDatabase.CreateAsync());

    [Fact]
    public async Task On_PostgreSQL_each_ticket_counts_on_its_local_day()
    {
        var server = await PostgresServer.SharedAsync();
        await AssertVolumeAsync(await server.CreateDatabaseAsync());
    }

    private static async Task AssertVolumeAsync<TDatabase>(TDatabase database) where TDatabase : IDbContextFactory<SavDbContext>, IAsyncDisposable
    {
        await using var _ = database;
        // Every 50 minutes from Thursday 22 October 20:00 to Tuesday 27 October, UTC: local midnights, the repeated hour and
        // all; the first three are still Thursday in Paris, the period before.
        var created = new List<DateTimeOffset>();
        await using (var db = await database.CreateDbContextAsync())
        {
            var status = await db.Statuses.SingleAsync(s => s.Code == WellKnownStatus.New);
            for (var at = new DateTimeOffset(2026, 10, 22, 20, 0, 0, TimeSpan.Zero); at < new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.Zero); at = at.AddMinutes(50))
            {
                created.Add(at);
                db.Tickets.Add(new Ticket { Code = $"V{created.Count:000}", Subject = "Volume", StatusId = status.Id, CreatedAt = at, UpdatedAt = at });
            }
            await db.SaveChangesAsync();
        }
        var reports = new ReportQueries(database, new TeamTime(Paris, new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero))));

        var report = await reports.VolumeAsync(new ReportPeriod(new DateOnly(2026, 10, 23), new DateOnly(2026, 10, 26)));

        var byDay = created.GroupBy(at => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Paris).DateTime)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([byDay[new(2026, 10, 23)], byDay[new(2026, 10, 24)], byDay[new(2026, 10, 25)], byDay[new(2026, 10, 26)]],
            report.Rows.Select(r => r.Opened));
        // The Sunday of the change has 25 hours: 30 tickets where a 24-hour day has 28 or 29.
        Assert.Equal(30, report.Rows[2].Opened);
        Assert.Equal(3, report.Previous.Opened);
    }
}
