using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Admin;

/// <summary>An administrator changes the response target; a ticket opened afterwards shows the time it has left on its
/// page and in the list. Pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class SlaBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_target_set_in_administration_shows_on_the_tickets_opened_after_it(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, DemoData.DevelopmentAdmin, firstPage: "/admin/sla");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator(".sla-row")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Modifier" }).ClickAsync();
        await page.Locator("#sla-answer").FillAsync("4");
        await page.GetByTestId("admin-save").ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator(".sla-row") })).ToContainTextAsync("4 h");
        await Assertions.Expect(page.Locator(".sla-row")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("admin-sla");
        Assert.True(await browser.FitsWidthAsync(), "« Délais cibles » scrolls sideways");

        var opened = await new TestServices(database, TimeProvider.System).Opener.OpenAsync(TestServices.ValidRequest("sla@example.org"), "form");
        await page.GotoAsync($"/tickets/{opened.Code}");
        var badge = page.Locator(".sla-badge");
        await Assertions.Expect(badge).ToContainTextAsync("Réponse : ");
        await Assertions.Expect(badge).ToContainTextAsync("restantes");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("OnTime|DueSoon"));
        var text = await badge.TextContentAsync();
        Assert.Matches(@"Réponse : (4 h 00|[0-3] h \d\d|\d+ min) restantes", text!.Trim());
        await browser.ScreenshotAsync("ticket-sla");

        await page.GotoAsync("/tickets");
        await Assertions.Expect(page.Locator($"[data-code='{opened.Code}'] .sla-badge").Filter(new() { Visible = true })).ToContainTextAsync("Réponse : ");
        await browser.ScreenshotAsync("tickets-sla");

        await page.GotoAsync("/search?q=sla%40example.org");
        await Assertions.Expect(page.Locator($"[data-code='{opened.Code}'] .sla-badge").Filter(new() { Visible = true })).ToContainTextAsync("Réponse : ");
        await browser.ScreenshotAsync("search-sla");
        Assert.True(await browser.FitsWidthAsync(), "the list scrolls sideways");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_menu_counts_the_late_tickets_and_opens_the_list_of_them(int width, int height)
    {
        // The demo's tickets, opened up to months ago under its target of a working day, are many of them late already.
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using (var db = database.CreateDbContext())
            await Sav.Domain.Sla.SlaTargets.SaveAsync(db, null, null, answerHours: 1, closeHours: null, past.GetUtcNow());
        var opener = new TestServices(database, past).Opener;
        var late = await opener.OpenAsync(TestServices.ValidRequest("retard@example.org") with { Subject = "Écran noir depuis une semaine" }, "form");
        var alsoLate = await opener.OpenAsync(TestServices.ValidRequest("autre@example.org"), "form");
        var onTime = await new TestServices(database, TimeProvider.System).Opener.OpenAsync(TestServices.ValidRequest("recent@example.org"), "form");

        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, DemoData.DevelopmentAdmin, firstPage: "/tickets");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        var menuLate = page.GetByTestId("drawer").GetByRole(AriaRole.Link, new() { Name = "En retard" });
        // On a phone the menu is a drawer, opened by its button once the page answers (a click before is lost: retried).
        for (var attempt = 0; width < 960 && attempt < 20 && !await menuLate.IsVisibleAsync(); attempt++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        int expected;
        await using (var db = database.CreateDbContext())
            expected = await new Sav.Domain.Sla.SlaBoard(Sav.Domain.Sla.WorkingCalendar.Default, TimeProvider.System).LateCountAsync(db);
        Assert.True(expected >= 2);
        await Assertions.Expect(page.GetByTestId("late-count")).ToHaveTextAsync(expected.ToString());
        await browser.ScreenshotAsync("menu-late");

        await menuLate.ClickAsync();
        await Assertions.Expect(page.Locator("[data-filter='Late']")).ToHaveAttributeAsync("aria-pressed", "true");
        var rows = page.Locator("[data-code]").Filter(new() { Visible = true });
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(expected, 50));
        await Assertions.Expect(page.Locator($"[data-code='{late.Code}'] .sla-badge").Filter(new() { Visible = true })).ToContainTextAsync("en retard");
        await Assertions.Expect(page.Locator($"[data-code='{alsoLate.Code}']").Filter(new() { Visible = true })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"[data-code='{onTime.Code}']")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("tickets-late");
        Assert.True(await browser.FitsWidthAsync(), "the list of late tickets scrolls sideways");
    }
}
