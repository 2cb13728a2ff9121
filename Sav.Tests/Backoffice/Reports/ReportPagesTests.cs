using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sav.Backoffice.Components.Pages.Dashboard;
using Sav.Backoffice.Components.Pages.Reports;
using Sav.Domain.Dashboard;
using Sav.Domain.Reports;
using Sav.Domain.Reports.Weekly;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Reports;

public class ReportPagesTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static async Task<BackofficeContext> ContextAsync(params string[] weeklyTo)
    {
        var ctx = await BackofficeContext.CreateAsync();
        var time = new TeamTime(Paris, ctx.Clock);
        var reports = new ReportQueries(ctx.Database, time);
        ctx.Services.AddSingleton(reports);
        ctx.Services.AddSingleton(new WeeklyReport(ctx.Database, reports, Options.Create(new WeeklyReportOptions { WeeklyTo = weeklyTo }),
            Options.Create(ctx.Domain.Mail), NullLogger<WeeklyReport>.Instance));
        ctx.Services.AddSingleton(new DashboardQuery(ctx.Database, time));
        await ctx.SignInAsync();
        return ctx;
    }

    [Fact]
    public async Task The_dashboard_counts_a_new_ticket_at_its_next_refresh_without_a_reload()
    {
        await using var ctx = await ContextAsync();
        await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        var page = ctx.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("1", page.Find("[data-testid=opened-today]").TextContent));

        await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest("autre@example.org"), "form");
        Assert.DoesNotContain("2", page.Find("[data-testid=opened-today]").TextContent);
        ctx.Clock.Advance(TimeSpan.FromSeconds(30));

        page.WaitForAssertion(() => Assert.Contains("2", page.Find("[data-testid=opened-today]").TextContent));
        Assert.Contains("/mail/quarantine", page.Find("[data-testid=quarantined-mails]").InnerHtml);
        Assert.Equal(2, page.FindAll("[data-testid=longest] tbody tr").Count);
    }

    [Fact]
    public async Task The_volume_report_shows_a_row_per_day_and_links_its_csv_with_the_same_period()
    {
        await using var ctx = await ContextAsync();
        await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?report=volume&from=2026-11-01&to=2026-11-07&by=day");

        var page = ctx.Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("[data-testid=report-table] tbody tr").Count));
        // The day in words, in French; its ISO key as a tooltip (the CSV's).
        var monday = page.FindAll("[data-testid=report-table] tbody tr")[1];
        Assert.Equal(("lun. 2 nov.", "2026-11-02", "1"), (monday.Children[0].TextContent, monday.Children[0].GetAttribute("title"), monday.Children[1].TextContent));
        Assert.Equal("/reports/volume.csv?from=2026-11-01&to=2026-11-07&by=day", page.Find("[data-testid=csv]").GetAttribute("href"));
    }

    [Fact]
    public async Task The_page_says_who_receives_the_weekly_report_and_how_to_receive_it()
    {
        await using (var ctx = await ContextAsync("direction@example.org; chef.sav@example.org"))
        {
            var page = ctx.Render<ReportsPage>();
            Assert.Equal("Recevoir ce rapport — Chaque lundi à 8 h (Europe/Paris), le rapport de la semaine précédente part par mail, avec ses CSV, " +
                "à : direction@example.org, chef.sav@example.org. La liste se change dans le réglage Reports:WeeklyTo.",
                Normalize(page.Find("[data-testid=weekly-report] .mud-alert-message").TextContent));
        }
        await using (var ctx = await ContextAsync())
        {
            var page = ctx.Render<ReportsPage>();
            Assert.StartsWith("Recevoir ce rapport — Chaque lundi à 8 h (Europe/Paris), Sav peut envoyer le rapport de la semaine précédente par mail, avec ses CSV. Personne ne le reçoit aujourd'hui",
                Normalize(page.Find("[data-testid=weekly-report] .mud-alert-message").TextContent));
        }
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task A_range_ending_before_it_starts_is_explained_not_shown()
    {
        await using var ctx = await ContextAsync();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?from=2026-11-07&to=2026-11-01");

        var page = ctx.Render<ReportsPage>();

        Assert.Contains("La date de début est après la date de fin.", page.Find("[data-testid=report-error]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=report-table]"));
    }
}
