using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Domain.Reports;
using Sav.Domain.Reports.Weekly;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Reports;

/// <summary>Both pages in Chromium on a desk and on a phone; the pictures stay in the test output's screenshots/.</summary>
[Collection(ChromiumCollection.Name)]
public class ReportScreenshotsTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_dashboard_and_the_reports_render_with_their_charts_and_tables(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var factory = new BackofficeFactory(database);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = address, Locale = "fr-FR", ViewportSize = new() { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard");
        await page.GetByLabel("Adresse e-mail de l'analyste").FillAsync(DemoData.DevelopmentAnalyst);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);

        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("open-now")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Tableau de bord");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"dashboard-{width}x{height}.png"), FullPage = true });

        var year = DateTime.UtcNow.Year;
        await page.GotoAsync($"/reports?report=volume&from={year}-01-01&to={year}-12-31&by=month");
        await Assertions.Expect(page.GetByTestId("report-table")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"reports-volume-{width}x{height}.png"), FullPage = true });

        await page.GotoAsync("/reports?report=satisfaction&period=this-year&by=month");
        await Assertions.Expect(page.GetByTestId("report-table")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("totals")).ToContainTextAsync("avis donnés");
        Assert.True(await page.Locator(".satisfaction-row").CountAsync() > 3, "the satisfaction report shows no row");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"reports-satisfaction-{width}x{height}.png"), FullPage = true });

        // The demo's tickets, under its target of a working day for the first answer and a working week for the closing.
        await page.GotoAsync("/reports?report=targets&period=this-year&by=month");
        await Assertions.Expect(page.GetByTestId("totals")).ToContainTextAsync("avec un délai cible");
        Assert.True(await page.Locator(".target-row").CountAsync() > 3, "the targets report shows no row");
        await Assertions.Expect(page.Locator(".target-row").First).ToContainTextAsync("%");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"reports-targets-{width}x{height}.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "« Délais cibles » scrolls sideways");

        await page.GotoAsync("/reports?report=delays&period=this-year");
        await Assertions.Expect(page.GetByTestId("report-table")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"reports-delays-{width}x{height}.png"), FullPage = true });

        // The weekly report's mail as a mail reader shows it, last week's figures on the demo data.
        var weekly = factory.Services.GetRequiredService<WeeklyReport>();
        var time = factory.Services.GetRequiredService<TeamTime>();
        var monday = TeamTime.WeekStart(time.Today);
        var mail = WeeklyReportMail.Render(await weekly.FiguresAsync(new ReportPeriod(monday.AddDays(-7), monday.AddDays(-1))), time, "fr");
        var reader = await context.NewPageAsync();
        await reader.SetContentAsync(mail.Html);
        await Assertions.Expect(reader.Locator("h1")).ToContainTextAsync("Semaine du");
        await reader.ScreenshotAsync(new() { Path = Path.Combine(folder, $"weekly-mail-{width}x{height}.png"), FullPage = true });
        Assert.True(await reader.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        await page.GotoAsync("/reports?from=2026-05-01&to=2026-04-01");
        await Assertions.Expect(page.GetByTestId("report-error")).ToContainTextAsync("après la date de fin");
    }
}
