using Microsoft.Playwright;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Gateway.Forms.Pages;

/// <summary>What a customer opens from a mail, on a phone (390×844, touch) and on a desk: every public form shows its
/// heading and fits the screen; pictures in the test output's screenshots/ as <c>public-{name}-{width}x{height}.png</c>.</summary>
[Collection(ChromiumCollection.Name)]
public class PublicPagesOnAPhoneTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Every_public_form_fits_the_screen(int width, int height)
    {
        await using var host = await GatewayHost.StartAsync(kestrel: true);
        await host.AddFamiliesAsync("Écrans tactiles", "Télécommandes");
        var opened = await host.Service<TicketOpener>().OpenAsync(TestServices.ValidRequest(), "test");
        var context = Uri.EscapeDataString(host.ContextOf(opened.Code));
        await using var browser = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, IsMobile = width < 600, HasTouch = width < 600, Locale = "fr-FR",
        });
        var page = await browser.NewPageAsync();
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var wide = new List<string>();

        foreach (var (path, name) in new[]
        {
            ("/f/sav/open", "open"), ($"/f/status?c={context}", "status"), ($"/f/answer?c={context}", "answer"),
            ($"/f/close?c={context}", "close"), ($"/f/reopen?c={context}", "reopen"), ("/f/status?c=nothing", "unknown-context"),
        })
        {
            await page.GotoAsync(new Uri(host.Address, path).ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"public-{name}-{width}x{height}.png"), FullPage = true });
            if (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth")) wide.Add(path);
        }

        Assert.True(wide.Count == 0, $"scroll sideways at {width} px: {string.Join(", ", wide)}");
    }
}
