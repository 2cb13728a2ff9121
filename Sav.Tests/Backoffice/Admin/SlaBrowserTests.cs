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
}
