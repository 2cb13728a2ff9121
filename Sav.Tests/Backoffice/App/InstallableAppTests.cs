using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Playwright;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.App;

/// <summary>The backoffice as an installed app: its manifest and icons, and a service worker that keeps the shell and
/// the offline page, never a ticket. Pictures of the offline page at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class InstallableAppTests(Chromium chromium)
{
    [Fact]
    public async Task The_manifest_is_served_to_anyone_with_true_icons()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var http = factory.CreateBrowserlessClient();

        using var response = await http.GetAsync("/manifest.webmanifest");
        var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SAV", manifest.GetProperty("short_name").GetString());
        Assert.Equal("standalone", manifest.GetProperty("display").GetString());
        Assert.Equal("fr", manifest.GetProperty("lang").GetString());
        Assert.StartsWith("/", manifest.GetProperty("start_url").GetString());
        Assert.Matches("^#[0-9a-f]{6}$", manifest.GetProperty("theme_color").GetString());
        Assert.Matches("^#[0-9a-f]{6}$", manifest.GetProperty("background_color").GetString());
        var icons = manifest.GetProperty("icons").EnumerateArray().ToList();
        foreach (var icon in icons)
        {
            var bytes = await http.GetByteArrayAsync(icon.GetProperty("src").GetString());
            var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            Assert.Equal(icon.GetProperty("sizes").GetString(), $"{width}x{height}");
            Assert.Equal("image/png", icon.GetProperty("type").GetString());
        }
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "192x192");
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512");
        Assert.Contains(icons, i => i.GetProperty("purpose").GetString() == "maskable");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_service_worker_keeps_the_shell_answers_offline_and_never_keeps_a_ticket(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height);
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        Assert.Equal(1, await page.Locator("link[rel=manifest]").CountAsync());
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        // Controlled from the next load on; the pages and their assets then go through it.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        var ticket = await page.Locator("a[href^='tickets/']").First.GetAttributeAsync("href");
        await page.GotoAsync("/" + ticket);
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();

        var cached = await page.EvaluateAsync<string[]>("""
            async () => {
                const urls = [];
                for (const key of await caches.keys())
                    for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
                return urls;
            }
            """);
        Assert.Contains("/offline.html", cached);
        Assert.Contains(cached, u => u.StartsWith("/_content/MudBlazor/", StringComparison.Ordinal));
        Assert.DoesNotContain(cached, u => u.StartsWith("/tickets", StringComparison.Ordinal) || u.StartsWith("/documents", StringComparison.Ordinal)
            || u.StartsWith("/clients", StringComparison.Ordinal) || u.StartsWith("/search", StringComparison.Ordinal) || u == "/");

        await browser.Context.SetOfflineAsync(true);
        // Chromium applies the offline emulation to the service worker's own target a moment after the page's: a page
        // fetched through it in that moment still comes from the network. Try again a few times before failing.
        var offline = page.GetByRole(AriaRole.Heading, new() { Name = "Hors connexion" });
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try { await page.GotoAsync("/tickets"); } catch (PlaywrightException) { }
            if (await offline.IsVisibleAsync()) break;
            await Task.Delay(500);
        }
        await Assertions.Expect(offline).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Réessayer" })).ToBeVisibleAsync();
        Assert.DoesNotContain(ticket!.Split('/')[^1], await page.ContentAsync());
        await browser.ScreenshotAsync("offline");
        Assert.True(await browser.FitsWidthAsync(), "the offline page scrolls sideways");
        await browser.Context.SetOfflineAsync(false);
    }
}
