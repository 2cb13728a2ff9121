using Microsoft.Playwright;
using Sav.Domain.Journal;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Mail;

/// <summary>« Santé » shows what each gateway reported of its outage journal; pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class GatewayJournalsTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Health_shows_each_gateways_journal_and_warns_of_submissions_waiting(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.CreateDbContext())
        {
            db.GatewayJournals.Add(new GatewayJournal
            {
                Gateway = "web-1:/var/lib/sav/journal", Waiting = 37, Since = new DateTimeOffset(2026, 12, 7, 13, 5, 0, TimeSpan.Zero),
                NumbersLeft = 63, ReportedAt = now.AddSeconds(-4),
            });
            db.GatewayJournals.Add(new GatewayJournal
            {
                Gateway = "web-2:/var/lib/sav/journal", Waiting = 0, NumbersLeft = 100, ReportedAt = now.AddSeconds(-40),
            });
            await db.SaveChangesAsync();
        }
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/mail");
        var page = browser.Page;

        // The waiting one first, its time in the team's time zone (Paris: 14:05).
        await Assertions.Expect(page.GetByTestId("journal-waiting"))
            .ToContainTextAsync("La passerelle web-1:/var/lib/sav/journal garde 37 demande(s) en attente depuis le");
        await Assertions.Expect(page.GetByTestId("journal-waiting")).ToContainTextAsync("14:05");
        await Assertions.Expect(page.Locator("tr.gateway-journal")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr.gateway-journal").Nth(1)).ToContainTextAsync("web-2");
        await Assertions.Expect(page.Locator("tr.gateway-journal").Nth(1)).ToContainTextAsync("100");
        await browser.ScreenshotAsync("health-journals");
        Assert.True(await browser.FitsWidthAsync(), "the page scrolls sideways");
    }
}
