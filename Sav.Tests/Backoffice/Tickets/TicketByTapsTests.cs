using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

/// <summary>An analyst on call with a phone (390×844, touch): from the list to a ticket, a question asked, a status
/// changed and the ticket closed, by taps alone, through the actions' bottom sheet; pictures in screenshots/.</summary>
[Collection(ChromiumCollection.Name)]
public class TicketByTapsTests(Chromium chromium)
{
    [Fact]
    public async Task A_ticket_is_opened_answered_and_closed_by_taps_alone_on_a_phone()
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, 390, 844);
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        string code;
        await using (var db = database.CreateDbContext())
            code = await db.Tickets.Where(t => t.Status.Category == StatusCategory.Open && t.Contact != null).OrderByDescending(t => t.UpdatedAt).Select(t => t.Code).FirstAsync();

        await page.Locator($"a.ticket-card[data-code='{code}']").TapAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tickets/{code}$"));
        var sheet = page.GetByTestId("actions-sheet");
        await Assertions.Expect(page.GetByTestId("summary")).ToBeVisibleAsync();
        // The conversation where the eye lands; the actions wait behind their button.
        await Assertions.Expect(sheet).Not.ToBeInViewportAsync();
        await browser.ScreenshotAsync("ticket-phone");

        await page.GetByTestId("actions-open").TapAsync();
        // Measured once the sheet has slid all the way in.
        await Assertions.Expect(sheet).ToBeInViewportAsync(new() { Ratio = 1 });
        foreach (var button in await sheet.Locator("button:visible").AllAsync())
        {
            var box = (await button.BoundingBoxAsync())!;
            Assert.True(box.Height >= 48 && box.Width >= 48,
                $"« {await button.TextContentAsync()}{await button.GetAttributeAsync("aria-label")} » is too small for a finger: {box.Width}×{box.Height}");
        }
        await browser.ScreenshotAsync("ticket-phone-actions");
        await sheet.Locator("[data-testid=question] textarea").FillAsync("Pouvez-vous envoyer une photo de l'étiquette ?");
        await sheet.GetByTestId("ask").TapAsync();
        await Assertions.Expect(page.Locator(".conversation-entry").Filter(new() { HasText = "photo de l'étiquette" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("c20. Attente précisions Demandeur");
        await Assertions.Expect(sheet).Not.ToBeInViewportAsync();

        await page.GetByTestId("actions-open").TapAsync();
        await Assertions.Expect(sheet).ToBeInViewportAsync(new() { Ratio = 1 });
        await sheet.GetByTestId("status-select").TapAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "b20. Diagnostic en cours" }).TapAsync();
        await Assertions.Expect(sheet.GetByTestId("status-select")).ToHaveTextAsync("b20. Diagnostic en cours");
        await sheet.GetByTestId("apply-status").TapAsync();
        try { await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("b20. Diagnostic en cours"); }
        catch (PlaywrightException) { await browser.ScreenshotAsync("ticket-phone-status-not-applied"); throw; }

        await page.GetByTestId("actions-open").TapAsync();
        await Assertions.Expect(sheet).ToBeInViewportAsync(new() { Ratio = 1 });
        await sheet.GetByTestId("close").TapAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("z10. Fermé");
        await Assertions.Expect(sheet).Not.ToBeInViewportAsync();
        await browser.ScreenshotAsync("ticket-phone-closed");
        Assert.True(await browser.FitsWidthAsync(), "the ticket page scrolls sideways on a phone");
        await using (var db = database.CreateDbContext())
            Assert.Equal(StatusCategory.Closed, await db.Tickets.Where(t => t.Code == code).Select(t => t.Status.Category).SingleAsync());
    }
}
