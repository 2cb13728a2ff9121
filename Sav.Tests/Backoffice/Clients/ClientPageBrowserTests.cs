using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sav.Domain.Erp;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Clients;

/// <summary>A client from the ERP in Chromium, with the ERP down: pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class ClientPageBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_client_from_the_erp_shows_its_fields_and_says_when_the_erp_cannot_be_read(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var erp = await ErpServer.StartAsync();
        erp.Add("ERP-4411", "Lycée Voltaire", phone: "04 72 10 20 30", domain: "voltaire.example", segment: "Éducation");
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/clients",
            settings: erp.Settings().Where(e => e.Key != "Erp:Retries").Append(new("Erp:Retries", "0")).ToDictionary(e => e.Key, e => e.Value!));
        var sync = browser.Services.GetRequiredService<ErpSync>();
        await sync.RunAsync();
        erp.Next.Enqueue("503");
        await Assert.ThrowsAsync<ErpException>(() => sync.RunAsync());
        await using var db = database.CreateDbContext();
        var id = await db.Clients.Where(c => c.ErpId == "ERP-4411").Select(c => c.Id).SingleAsync();

        var page = browser.Page;
        await page.GotoAsync($"/clients/{id}");

        await Assertions.Expect(page.GetByTestId("erp-stale")).ToContainTextAsync("a répondu 503");
        await Assertions.Expect(page.GetByTestId("summary")).ToContainTextAsync("Éducation");
        await Assertions.Expect(page.GetByTestId("erp-refresh")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("client-erp");
        Assert.True(await browser.FitsWidthAsync(), "the page scrolls sideways");

        // « Santé » says it too.
        await page.GotoAsync("/mail");
        await Assertions.Expect(page.GetByTestId("erp-failing")).ToContainTextAsync("a répondu 503");
        await Assertions.Expect(page.GetByTestId("erp-health")).ToContainTextAsync("1 créé(s), 0 mis à jour, 0 inchangé(s), 0 retiré(s)");
        await browser.ScreenshotAsync("health-erp");
    }
}
