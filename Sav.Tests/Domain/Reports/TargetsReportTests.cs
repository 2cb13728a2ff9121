using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Analysts;
using Sav.Domain.Reports;
using Sav.Domain.Sla;
using Sav.Domain.Tickets;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Reports;

/// <summary>« Délais cibles » in « Rapports »: of the tickets opened in the period under a target, the share answered and
/// closed within it, by analyst, family and brand, beside the period before; a ticket still within its time or waiting on
/// the customer counts in neither.</summary>
public class TargetsReportTests
{
    [Fact]
    public async Task On_SQLite_answers_and_closings_within_target_are_shared_by_analyst_beside_the_period_before()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AssertTargetsAsync(database, database.SubFolder("pickup"));
    }

    /// <summary>PostgreSQL compares its timestamps where SQLite compares numbers: the same outcomes.</summary>
    [Fact]
    public async Task On_PostgreSQL_answers_and_closings_within_target_are_shared_by_analyst_beside_the_period_before()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("sav-targets-").FullName;
        try { await AssertTargetsAsync(database, folder); }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static async Task AssertTargetsAsync(IDbContextFactory<SavDbContext> database, string pickup)
    {
        var clock = new FakeTimeProvider(Paris.At(10, 1, 9));
        var contexts = new TicketContexts(TestServices.Secret);
        var composer = new MailComposer(contexts, Options.Create(new MailOptions { PickupFolder = pickup }), clock);
        var opener = new TicketOpener(database, new OpenTicketValidator(), contexts, composer, clock);
        var actions = new TicketActions(database, composer, clock);
        Analyst lea, hugo;
        await using (var db = database.CreateDbContext())
        {
            await SlaTargets.SaveAsync(db, null, null, answerHours: 8, closeHours: 45, clock.GetUtcNow());
            lea = db.Analysts.Add(new Analyst { Email = "lea@sav.local", DisplayName = "=Léa Dubois" }).Entity;
            hugo = db.Analysts.Add(new Analyst { Email = "hugo@sav.local", DisplayName = "Hugo Petit" }).Entity;
            await db.SaveChangesAsync();
        }
        async Task<int> OpenAsync(string email, DateTimeOffset at)
        {
            clock.SetUtcNow(at);
            return (await opener.OpenAsync(TestServices.ValidRequest(email), "form")).Id;
        }
        async Task<int> VersionAsync(int id)
        {
            await using var db = database.CreateDbContext();
            return (await db.Tickets.SingleAsync(t => t.Id == id)).Version;
        }

        await OpenAsync("avant@example.org", Paris.At(10, 30, 9));       // the period before: never answered
        var answered = await OpenAsync("un@example.org", Paris.At(11, 2, 9));          // Monday 2 November
        await actions.AssignAsync(answered, await VersionAsync(answered), lea.Id, "lea@sav.local");
        var late = await OpenAsync("deux@example.org", Paris.At(11, 2, 9));
        await actions.AssignAsync(late, await VersionAsync(late), hugo.Id, "hugo@sav.local");
        clock.SetUtcNow(Paris.At(11, 2, 11));
        await actions.AskAsync(answered, "Le numéro de série ?", "lea@sav.local");    // answered in time, then waiting on the customer
        clock.SetUtcNow(Paris.At(11, 3, 12));
        await actions.AskAsync(late, "Une photo ?", "hugo@sav.local");                // a working day and three hours after
        clock.SetUtcNow(Paris.At(11, 3, 13));
        await actions.CloseAsync(late, await VersionAsync(late), "hugo@sav.local", notifyCustomer: false);
        await OpenAsync("trois@example.org", Paris.At(11, 4, 9));      // Wednesday, nobody on it
        await OpenAsync("apres@example.org", Paris.At(11, 9, 9));                      // after the period
        clock.SetUtcNow(Paris.At(11, 12, 10));                                         // Thursday 12: the forgotten one is past both

        var reports = new ReportQueries(database, new TeamTime(Paris.Zone, clock));
        var report = await reports.TargetsAsync(new ReportPeriod(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8), Grain.Week));

        Assert.Equal(new TargetRow(null, 3, AnswerMet: 1, AnswerMissed: 2, CloseMet: 1, CloseMissed: 1), report.Total);
        Assert.Equal(1.0 / 3, report.Total.AnswerShare);
        Assert.Equal(0.5, report.Total.CloseShare);
        Assert.Equal(new TargetRow(null, 1, 0, 1, 0, 1), report.Previous);
        var byAnalyst = report.By.Single(b => b.Dimension == TargetDimension.Analyst).Rows;
        Assert.Equal([new TargetRow("=Léa Dubois", 1, 1, 0, 0, 0), new TargetRow("Hugo Petit", 1, 0, 1, 1, 0), new TargetRow(null, 1, 0, 1, 0, 1)],
            byAnalyst);
        Assert.Equal(3, Assert.Single(report.By.Single(b => b.Dimension == TargetDimension.Brand).Rows).Tickets);

        var csv = new StringWriter();
        await ReportCsv.WriteAsync(reports, ReportKind.Targets, report.Period, csv, CancellationToken.None);
        var lines = csv.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("dimension;group;tickets;answer_met;answer_missed;answer_met_share;close_met;close_missed;close_met_share", lines[0]);
        Assert.Equal("total;;3;1;2;0.333;1;1;0.500", lines[1]);
        Assert.Contains("analyst;\"'=Léa Dubois\";1;1;0;1.000;0;0;", lines);
    }
}
