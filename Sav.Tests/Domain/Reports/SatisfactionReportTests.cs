using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Analysts;
using Sav.Domain.Reports;
using Sav.Domain.Satisfaction;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Reports;

/// <summary>« Satisfaction » in « Rapports »: ratings counted on the day they were given in Paris, per week, beside the
/// period before, by analyst, family and brand; its CSV keeps a hostile name as text.</summary>
public class SatisfactionReportTests
{
    [Fact]
    public async Task Ratings_are_counted_by_week_and_by_analyst_family_and_brand_beside_the_period_before()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Paris.At(11, 1, 9));
        var services = new TestServices(database, clock);
        await using (var db = database.CreateDbContext())
        {
            db.ProductFamilies.Add(new Sav.Domain.Catalog.ProductFamily { Code = "ECRANS", Name = "Écrans tactiles" });
            await db.SaveChangesAsync();
        }
        var tickets = new List<int>();
        for (var i = 0; i < 6; i++) tickets.Add((await services.Opener.OpenAsync(TestServices.ValidRequest($"c{i}@example.org"), "form")).Id);
        await using (var db = database.CreateDbContext())
        {
            var lea = db.Analysts.Add(new Analyst { Email = "lea@sav.local", DisplayName = "=Léa Dubois" }).Entity;
            var hugo = db.Analysts.Add(new Analyst { Email = "hugo@sav.local", DisplayName = "Hugo Petit" }).Entity;
            await db.SaveChangesAsync();
            void Rate(int ticket, Rating rating, DateTimeOffset at, Analyst? analyst) => db.SatisfactionRatings.Add(new SatisfactionRating
            {
                TicketId = tickets[ticket], ClosedAt = at.AddHours(-1), Rating = rating, At = at, AnalystId = analyst?.Id,
            });
            // Monday 2 November to Sunday 15 November: two weeks; the period before is 19 October to 1 November.
            Rate(0, Rating.Satisfied, Paris.At(11, 2, 10), lea);
            Rate(1, Rating.Unsatisfied, Paris.At(11, 8, 23), hugo);     // Sunday 23:00 in Paris, Sunday 22:00 UTC: first week
            Rate(2, Rating.Satisfied, Paris.At(11, 9, 0), lea);          // Monday 00:00 in Paris, Sunday 23:00 UTC: second week
            Rate(3, Rating.Neutral, Paris.At(11, 15, 18), null);
            Rate(4, Rating.Satisfied, Paris.At(10, 30, 12), hugo);       // the period before
            Rate(5, Rating.Satisfied, Paris.At(11, 16, 1), hugo);        // after the period
            await db.SaveChangesAsync();
        }
        var reports = new ReportQueries(database, new TeamTime(Paris.Zone, clock));

        var report = await reports.SatisfactionAsync(new ReportPeriod(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 15), Grain.Week));

        Assert.Equal((4, 2, 1, 1), (report.Total.Total, report.Total.Satisfied, report.Total.Neutral, report.Total.Unsatisfied));
        Assert.Equal(0.5, report.Total.SatisfiedShare);
        Assert.Equal((1, 1.0), (report.Previous.Total, report.Previous.SatisfiedShare!.Value));
        Assert.Equal([(1, 1), (1, 1)], report.Rows.Select(r => (r.Row.Satisfied, r.Row.Unsatisfied + r.Row.Neutral)));
        var byAnalyst = report.By.Single(b => b.Dimension == SatisfactionDimension.Analyst).Rows;
        Assert.Equal([("=Léa Dubois", 2, 0), ("Hugo Petit", 0, 1), (null, 0, 0)], byAnalyst.Select(r => (r.Key, r.Satisfied, r.Unsatisfied)));
        var byFamily = Assert.Single(report.By.Single(b => b.Dimension == SatisfactionDimension.Family).Rows);
        Assert.Equal(("Écrans tactiles", 4), (byFamily.Key, byFamily.Total));

        var csv = new StringWriter();
        await ReportCsv.WriteAsync(reports, ReportKind.Satisfaction, report.Period, csv, CancellationToken.None);
        var lines = csv.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("dimension;group;satisfied;neutral;not_satisfied;total;satisfied_share", lines[0]);
        Assert.Equal("total;;2;1;1;4;0.500", lines[1]);
        Assert.Contains("analyst;\"'=Léa Dubois\";2;0;0;2;1.000", lines);
    }
}
