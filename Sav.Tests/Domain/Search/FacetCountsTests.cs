using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Data;
using Sav.Domain.Reports;
using Sav.Domain.Search;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Search;

/// <summary>The facet combinations kept by triggers: after every kind of write, the same as counting the tickets.</summary>
public class FacetCountsTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_counts_follow_every_write_on_SQLite()
    {
        await using var database = await TestDatabase.CreateAsync();
        await WritesKeepTheCountsAsync(database);
    }

    [Fact]
    public async Task The_counts_follow_every_write_on_PostgreSQL()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        await WritesKeepTheCountsAsync(database);
    }

    [Fact]
    public async Task A_database_from_before_the_counts_gets_them_counted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            await FacetCounts.DropAsync(db);
            await DemoData.SeedAsync(db, Clock, clients: 10, tickets: 30);
            await FacetCounts.EnsureAsync(db);
        }
        await AssertCountsAsync(database);
    }

    private static async Task WritesKeepTheCountsAsync(IDbContextFactory<SavDbContext> database)
    {
        await using (var db = database.CreateDbContext()) await DemoData.SeedAsync(db, Clock, clients: 10, tickets: 30);
        await AssertCountsAsync(database);

        await using (var db = database.CreateDbContext())
        {
            var tickets = await db.Tickets.OrderBy(t => t.Id).ToListAsync();
            var statuses = await db.Statuses.Select(s => s.Id).ToListAsync();
            var analyst = await db.Analysts.Select(a => a.Id).FirstAsync();
            // A status change, an assignment and an unassignment, a family taken away, a warranty and a language changed.
            tickets[0].StatusId = statuses.First(s => s != tickets[0].StatusId);
            tickets[1].AnalystId = tickets[1].AnalystId is null ? analyst : null;
            tickets[2].ProductFamilyId = null;
            tickets[2].ProductId = null;
            tickets[3].Warranty = tickets[3].Warranty == Warranty.Yes ? Warranty.No : Warranty.Yes;
            tickets[4].Language = tickets[4].Language == "fr" ? "en" : "fr";
            // A subject changed alone leaves the counts as they were.
            tickets[5].Subject += " (modifié)";
            // Updated today, as every change is; one created earlier than it was.
            tickets[7].UpdatedAt = Clock.GetUtcNow().AddHours(5);
            tickets[8].CreatedAt = tickets[8].CreatedAt.AddDays(-40);
            db.Tickets.Remove(tickets[6]);
            await db.SaveChangesAsync();
        }
        await AssertCountsAsync(database);

        // The same ticket moved there and back.
        await using (var db = database.CreateDbContext())
        {
            var ticket = await db.Tickets.OrderBy(t => t.Id).FirstAsync();
            var before = ticket.StatusId;
            ticket.StatusId = await db.Statuses.Where(s => s.Id != before).Select(s => s.Id).FirstAsync();
            await db.SaveChangesAsync();
            ticket.StatusId = before;
            await db.SaveChangesAsync();
        }
        await AssertCountsAsync(database);

        // Whole-base facets read from the counts match the tickets counted one by one.
        var search = new TicketSearch(database, new TeamTime(TeamTime.DefaultZone, Clock));
        var facets = await search.FacetsAsync(new SearchRequest(), "fr");
        await using (var db = database.CreateDbContext())
        {
            var all = await db.Tickets.AsNoTracking().Select(t => new { t.AnalystId, t.Warranty, t.BrandId }).ToListAsync();
            Assert.Equal(all.Count(t => t.AnalystId == null), facets.Analysts.Single(a => a.Key == "none").Count);
            foreach (var w in facets.Warranties) Assert.Equal(all.Count(t => t.Warranty.ToString().ToLowerInvariant() == w.Key), w.Count);
            foreach (var b in facets.Brands) Assert.Equal(all.Count(t => t.BrandId?.ToString() == b.Key), b.Count);
            Assert.Equal(all.Count, facets.Groups.Sum(g => g.Count));
        }

        // Three facets chosen: each facet's counts with the two others applied, worked out by the database.
        await using (var db = database.CreateDbContext())
        {
            var all = await db.Tickets.AsNoTracking().Include(t => t.Status).ToListAsync();
            var family = all.Where(t => t.ProductFamilyId != null).GroupBy(t => t.ProductFamilyId!.Value).OrderByDescending(g => g.Count()).First().Key;
            var groups = new[] { StatusCategory.Open, StatusCategory.WaitingOnCustomer };
            var chosen = await search.FacetsAsync(new SearchRequest { Families = [family], Groups = groups, Warranties = [Warranty.Yes, Warranty.Unknown] }, "fr");
            bool Group(Ticket t) => groups.Contains(t.Status.Category);
            bool Family(Ticket t) => t.ProductFamilyId == family;
            bool Covered(Ticket t) => t.Warranty is Warranty.Yes or Warranty.Unknown;
            foreach (var g in chosen.Groups) Assert.Equal(all.Count(t => Family(t) && Covered(t) && SearchRequest.KeyOf(t.Status.Category) == g.Key), g.Count);
            foreach (var f in chosen.Families) Assert.Equal(all.Count(t => Group(t) && Covered(t) && t.ProductFamilyId?.ToString() == f.Key), f.Count);
            foreach (var w in chosen.Warranties) Assert.Equal(all.Count(t => Group(t) && Family(t) && t.Warranty.ToString().ToLowerInvariant() == w.Key), w.Count);
            foreach (var a in chosen.Analysts)
                Assert.Equal(all.Count(t => Group(t) && Family(t) && Covered(t) && (a.Key == "none" ? t.AnalystId == null : t.AnalystId?.ToString() == a.Key)), a.Count);
            Assert.NotEmpty(chosen.Products);
            Assert.Contains(chosen.Families, f => f.Count > 0 && f.Key != family.ToString());
        }

        // The periods of the whole base, from the days' counts, match the tickets' dates counted one by one.
        var time = new TeamTime(TeamTime.DefaultZone, Clock);
        await using (var db = database.CreateDbContext())
        {
            var dates = await db.Tickets.AsNoTracking().Select(t => new { t.CreatedAt, t.UpdatedAt }).ToListAsync();
            foreach (var (values, created) in new[] { (facets.Created, true), (facets.Updated, false) })
            {
                Assert.Equal(SearchPeriod.Named, values.Select(v => v.Key));
                foreach (var value in values)
                {
                    var start = time.StartOf(SearchPeriod.Parse(value.Key, time.Today)!.From!.Value);
                    Assert.Equal(dates.Count(d => (created ? d.CreatedAt : d.UpdatedAt) >= start), value.Count);
                }
            }
            Assert.Contains(facets.Updated, v => v.Count > 0 && v.Count < dates.Count);
        }
    }

    private static async Task AssertCountsAsync(IDbContextFactory<SavDbContext> database)
    {
        await using var db = database.CreateDbContext();
        var kept = (await FacetCounts.ReadAsync(db)).OrderBy(Key).ToList();
        var counted = (await db.Tickets.AsNoTracking().ToListAsync())
            .GroupBy(t => new FacetCombo(t.StatusId, t.ProductFamilyId ?? 0, t.ProductId ?? 0, t.BrandId ?? 0, t.Warranty, t.AnalystId ?? 0, t.Channel, t.Language, 0))
            .Select(g => g.Key with { Count = g.Count() }).OrderBy(Key).ToList();
        Assert.NotEmpty(counted);
        Assert.Equal(counted, kept);

        var days = (await DayCounts.ReadAsync(db, 0)).Where(d => d.Created != 0 || d.Updated != 0).OrderBy(d => d.Number).ToList();
        var dates = await db.Tickets.AsNoTracking().Select(t => new { t.CreatedAt, t.UpdatedAt }).ToListAsync();
        var expected = dates.Select(d => DayCounts.DayOf(d.CreatedAt)).Concat(dates.Select(d => DayCounts.DayOf(d.UpdatedAt))).Distinct().Order()
            .Select(day => new DayCounts.Day(day, dates.Count(d => DayCounts.DayOf(d.CreatedAt) == day), dates.Count(d => DayCounts.DayOf(d.UpdatedAt) == day)))
            .ToList();
        Assert.Equal(expected, days);
    }

    private static string Key(FacetCombo c) => $"{c.StatusId}|{c.FamilyId}|{c.ProductId}|{c.BrandId}|{c.Warranty}|{c.AnalystId}|{c.Channel}|{c.Language}";
}
