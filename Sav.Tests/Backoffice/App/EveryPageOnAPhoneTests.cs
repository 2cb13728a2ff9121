using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.App;

/// <summary>Every page of the backoffice, signed in as an admin on the demo data, on a desk (1440×900) and on a phone
/// (390×844, touch): its heading shows, nothing scrolls sideways, and its picture is kept in the test output's
/// screenshots/ as <c>page-{name}-{width}x{height}.png</c>.</summary>
[Collection(ChromiumCollection.Name)]
public class EveryPageOnAPhoneTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Every_page_fits_the_screen(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        string code;
        int client;
        await using (var db = database.CreateDbContext())
        {
            code = await db.Tickets.Where(t => t.Conversation.Count > 1).OrderBy(t => t.Id).Select(t => t.Code).FirstAsync();
            client = await db.Tickets.Where(t => t.ClientId != null).Select(t => t.ClientId!.Value).FirstAsync();
        }
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, DemoData.DevelopmentAdmin);
        var page = browser.Page;
        var wide = new List<string>();

        foreach (var (path, name) in new[]
        {
            ("/tickets", "tickets"), ($"/tickets/{code}", "ticket"), ("/tickets/new", "new-ticket"), ("/search?q=ecran", "search"),
            ("/clients", "clients"), ($"/clients/{client}", "client"), ("/reports", "reports"), ("/dashboard", "dashboard"),
            ("/mail", "mail"), ("/mail/quarantine", "quarantine"), ("/admin/statuses", "admin-statuses"), ("/admin/catalog", "admin-catalog"),
            ("/admin/brands", "admin-brands"), ("/admin/analysts", "admin-analysts"), ("/replies", "replies"), ("/admin/sla", "admin-sla"), ("/no-such-page", "not-found"),
        })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
            await browser.ScreenshotAsync($"page-{name}");
            if (!await browser.FitsWidthAsync()) wide.Add(path);
        }

        // A brand's form, with its switches (default brand, text messages).
        await page.GotoAsync("/admin/brands");
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Modifier" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("brand-sms")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("page-admin-brand-form");
        if (!await browser.FitsWidthAsync()) wide.Add("/admin/brands (form)");

        Assert.True(wide.Count == 0, $"scroll sideways at {width} px: {string.Join(", ", wide)}");
    }
}
