using Microsoft.Playwright;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

/// <summary>« Ne plus envoyer de SMS » beside the contact, with text messages on; pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class SmsOptOutBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_contacts_mobile_is_opted_out_from_the_ticket_page(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var opened = await new TestServices(database, TimeProvider.System).Opener
            .OpenAsync(TestServices.ValidRequest("mobile@example.org") with { Phone = "07 12 34 56 78" }, "form");
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: $"/tickets/{opened.Code}",
            settings: new Dictionary<string, string> { ["Sms:Sender"] = "Log" });
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();

        await page.GetByTestId("sms-opt-out").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sms-opted-out")).ToHaveTextAsync("Ce numéro ne reçoit plus de SMS.");
        await browser.ScreenshotAsync("ticket-sms-opted-out");
        Assert.True(await browser.FitsWidthAsync(), "the ticket page scrolls sideways");
    }
}
