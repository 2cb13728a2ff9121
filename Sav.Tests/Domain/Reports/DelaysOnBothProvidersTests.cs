using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Data;
using Sav.Domain.Reports;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Reports;

/// <summary>« Délais » works its delays out in the database, each provider its own way (SQLite's instants are numbers,
/// PostgreSQL's timestamps): the same tickets give the same medians and 90th percentiles on both.</summary>
public class DelaysOnBothProvidersTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task On_SQLite_medians_and_90th_percentiles_are_the_nearest_ranks_of_the_delays() =>
        await AssertDelaysAsync(await TestDatabase.CreateAsync());

    [Fact]
    public async Task On_PostgreSQL_medians_and_90th_percentiles_are_the_nearest_ranks_of_the_delays()
    {
        var server = await PostgresServer.SharedAsync();
        await AssertDelaysAsync(await server.CreateDatabaseAsync());
    }

    [Fact]
    public async Task Many_equal_delays_give_the_same_nearest_ranks_as_a_sorted_list()
    {
        await using var database = await TestDatabase.CreateAsync();
        var random = new Random(3);
        var answers = new List<TimeSpan>();
        await using (var db = database.CreateDbContext())
        {
            var status = await db.Statuses.SingleAsync(s => s.Code == WellKnownStatus.New);
            for (var i = 0; i < 501; i++)
            {
                var created = Monday.AddMinutes(i);
                var answer = TimeSpan.FromHours(random.Next(1, 40));
                answers.Add(answer);
                db.Tickets.Add(new Ticket { Code = $"M{i:000}", Subject = "Délai", StatusId = status.Id, CreatedAt = created, UpdatedAt = created,
                    FirstAnsweredAt = created + answer });
            }
            await db.SaveChangesAsync();
        }
        var reports = new ReportQueries(database, new TeamTime(TimeZoneInfo.Utc, new FakeTimeProvider(Monday.AddDays(20))));

        var report = await reports.DelaysAsync(new ReportPeriod(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8)));

        var sorted = answers.Order().ToList();
        Assert.Equal(sorted[250], report.Total.AnswerMedian);
        Assert.Equal(sorted[(int)Math.Ceiling(0.9 * 501) - 1], report.Total.AnswerP90);
    }

    [Fact]
    public async Task Every_group_of_every_dimension_gets_the_nearest_ranks_of_its_own_delays_including_those_changed_after_opening()
    {
        await using var database = await TestDatabase.CreateAsync();
        var random = new Random(7);
        var tickets = new List<Ticket>();
        await using (var db = database.CreateDbContext())
        {
            var status = await db.Statuses.SingleAsync(s => s.Code == WellKnownStatus.New);
            ProductFamily[] families = [.. Enumerable.Range(1, 3).Select(i => new ProductFamily { Code = $"FT{i}", Name = $"Famille {i}" })];
            Brand[] brands = [.. Enumerable.Range(1, 2).Select(i => new Brand { Code = $"BT{i}", Name = $"Marque {i}" })];
            Analyst[] analysts = [.. Enumerable.Range(1, 3).Select(i => new Analyst { Email = $"a{i}@example.org", DisplayName = $"Analyste {i}" })];
            db.AddRange(families);
            db.AddRange(brands);
            db.AddRange(analysts);
            for (var i = 0; i < 1200; i++)
            {
                var created = Monday.AddSeconds(random.Next(0, 6 * 86_400));
                // Delays from a second to three years, to the second: sorting them takes every pass.
                TimeSpan Delay() => TimeSpan.FromSeconds(random.Next(4) switch
                    { 0 => random.Next(1, 3_600), 1 => random.Next(3_600, 86_400 * 3), 2 => random.Next(86_400, 86_400 * 60), _ => random.Next(0, 86_400 * 1_100) });
                var ticket = new Ticket
                {
                    Code = $"G{i:0000}", Subject = "Délai", StatusId = status.Id, CreatedAt = created, UpdatedAt = created,
                    ProductFamily = random.Next(4) is var f && f < 3 ? families[f] : null,
                    Brand = random.Next(3) is var b && b < 2 ? brands[b] : null,
                    Analyst = random.Next(4) is var a && a < 3 ? analysts[a] : null,
                    Warranty = (Warranty)random.Next(3), Channel = (Channel)random.Next(4),
                    FirstAnsweredAt = random.Next(5) > 0 ? created + Delay() : null,
                    ClosedAt = random.Next(3) > 0 ? created + Delay() : null,
                };
                tickets.Add(ticket);
                db.Tickets.Add(ticket);
            }
            await db.SaveChangesAsync();
            // Later, some are closed and some reopened: their delays follow.
            foreach (var ticket in tickets.Where((_, i) => i % 5 == 0)) ticket.ClosedAt = ticket.ClosedAt is null ? ticket.CreatedAt.AddHours(30) : null;
            await db.SaveChangesAsync();
        }
        var reports = new ReportQueries(database, new TeamTime(TimeZoneInfo.Utc, new FakeTimeProvider(Monday.AddDays(20))));

        var report = await reports.DelaysAsync(new ReportPeriod(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8)));

        static TimeSpan? Rank(IEnumerable<TimeSpan> delays, double p)
        {
            var sorted = delays.Order().ToList();
            return sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }
        static DelayRow Expected(string? key, IReadOnlyCollection<Ticket> group)
        {
            var answers = group.Where(t => t.FirstAnsweredAt is not null).Select(t => t.FirstAnsweredAt!.Value - t.CreatedAt).ToList();
            var closings = group.Where(t => t.ClosedAt is not null).Select(t => t.ClosedAt!.Value - t.CreatedAt).ToList();
            return new DelayRow(key, group.Count, answers.Count, Rank(answers, 0.5), Rank(answers, 0.9), closings.Count, Rank(closings, 0.5), Rank(closings, 0.9));
        }
        void AssertGroups(DelayDimension dimension, Func<Ticket, string?> key) => Assert.Equal(
            tickets.GroupBy(key).Select(g => Expected(g.Key, g.ToList())).OrderBy(r => r.Key),
            report.By[dimension].OrderBy(r => r.Key));

        Assert.Equal(Expected(null, tickets), report.Total);
        AssertGroups(DelayDimension.Family, t => t.ProductFamily?.Name);
        AssertGroups(DelayDimension.Brand, t => t.Brand?.Name);
        AssertGroups(DelayDimension.Analyst, t => t.Analyst?.DisplayName);
        AssertGroups(DelayDimension.Warranty, t => t.Warranty.ToString());
        AssertGroups(DelayDimension.Channel, t => t.Channel.ToString());
    }

    private static async Task AssertDelaysAsync<TDatabase>(TDatabase database) where TDatabase : IDbContextFactory<SavDbContext>, IAsyncDisposable
    {
        await using var _ = database;
        // Ten tickets: answered after 1 to 10 hours (the tenth never), closed after 1 to 9 days (the last two never).
        await using (var db = await database.CreateDbContextAsync())
        {
            var status = await db.Statuses.SingleAsync(s => s.Code == WellKnownStatus.New);
            for (var i = 1; i <= 10; i++)
            {
                var created = Monday.AddMinutes(i);
                db.Tickets.Add(new Ticket
                {
                    Code = $"D{i:000}", Subject = "Délai", StatusId = status.Id, Channel = i % 2 == 0 ? Channel.Email : Channel.Form,
                    CreatedAt = created, UpdatedAt = created,
                    FirstAnsweredAt = i < 10 ? created.AddHours(i).AddSeconds(30) : null,
                    ClosedAt = i < 9 ? created.AddDays(i) : null,
                });
            }
            // Opened the week before: the previous period's only ticket.
            db.Tickets.Add(new Ticket { Code = "D000", Subject = "Avant", StatusId = status.Id, CreatedAt = Monday.AddDays(-3),
                UpdatedAt = Monday.AddDays(-3), FirstAnsweredAt = Monday.AddDays(-3).AddMinutes(20) });
            await db.SaveChangesAsync();
        }
        var reports = new ReportQueries(database, new TeamTime(TimeZoneInfo.Utc, new FakeTimeProvider(Monday.AddDays(20))));

        var report = await reports.DelaysAsync(new ReportPeriod(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8)));

        Assert.Equal((10, 9, 8), (report.Total.Tickets, report.Total.Answered, report.Total.Closed));
        Assert.Equal(TimeSpan.FromHours(5).Add(TimeSpan.FromSeconds(30)), report.Total.AnswerMedian);
        Assert.Equal(TimeSpan.FromHours(9).Add(TimeSpan.FromSeconds(30)), report.Total.AnswerP90);
        Assert.Equal(TimeSpan.FromDays(4), report.Total.CloseMedian);
        Assert.Equal(TimeSpan.FromDays(8), report.Total.CloseP90);
        Assert.Equal((1, TimeSpan.FromMinutes(20)), (report.PreviousTotal.Tickets, report.PreviousTotal.AnswerMedian!.Value));
        var email = Assert.Single(report.By[DelayDimension.Channel], r => r.Key == nameof(Channel.Email));
        // Email: tickets 2, 4, 6, 8, 10; answered 2, 4, 6, 8 hours after; closed 2, 4, 6, 8 days after.
        Assert.Equal((5, 4, TimeSpan.FromHours(4).Add(TimeSpan.FromSeconds(30))), (email.Tickets, email.Answered, email.AnswerMedian!.Value));
        Assert.Equal(TimeSpan.FromDays(8), email.CloseP90);
    }
}
