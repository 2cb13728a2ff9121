using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

/// <summary>An analyst merges a customer's second ticket into the first from the ticket page, in Chromium; pictures at
/// 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class MergeBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Two_tickets_of_one_customer_are_merged_from_the_ticket_page(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var services = new TestServices(database, TimeProvider.System);
        var first = await services.Opener.OpenAsync(TestServices.ValidRequest("doublon@example.org") with { Subject = "Écran noir au démarrage" }, "form");
        var second = await services.Opener.OpenAsync(TestServices.ValidRequest("doublon@example.org") with { Subject = "Écran toujours noir" }, "form");
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: $"/tickets/{first.Code}");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        if (width < 600) await page.GetByTestId("actions-open").TapAsync();

        var duplicates = page.GetByTestId("duplicates");
        await Assertions.Expect(duplicates.Locator(".duplicate")).ToHaveCountAsync(1);
        await duplicates.Locator($".duplicate[data-code='{second.Code}'] input[type=checkbox]").CheckAsync();
        await Assertions.Expect(page.GetByTestId("merge")).ToHaveTextAsync("Fusionner les 2 dossiers");
        await browser.ScreenshotAsync("ticket-merge");
        await page.GetByTestId("merge").ClickAsync();

        await Assertions.Expect(page.GetByTestId("duplicates")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".conversation-entry", new() { HasText = "Dossiers fusionnés dans celui-ci" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".conversation-entry", new() { HasText = "Le voyant reste orange." })).ToHaveCountAsync(2);
        await browser.ScreenshotAsync("ticket-merged");
        Assert.True(await browser.FitsWidthAsync(), "the ticket page scrolls sideways");

        await page.GotoAsync($"/tickets/{second.Code}");
        await Assertions.Expect(page.GetByTestId("merged-into")).ToContainTextAsync($"Ce dossier a été fusionné dans le dossier {first.Code}");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("z10. Fermé");
        await using var db = database.CreateDbContext();
        Assert.Equal(first.Id, await db.Tickets.Where(t => t.Id == second.Id).Select(t => t.MergedIntoId).SingleAsync());
        Assert.Single(await db.OutboxMessages.Where(m => m.Template == "MergeNotice" && m.TicketId == first.Id).ToListAsync());
    }
}
