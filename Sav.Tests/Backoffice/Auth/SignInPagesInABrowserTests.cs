using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Auth;

/// <summary>The pages before sign-in as Chromium shows them, on a desktop and on a phone: they fit the screen, say who may
/// sign in, refuse an unknown address in words, and the denied page offers a way back. Pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class SignInPagesInABrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_sign_in_and_denied_pages_fit_the_screen_and_say_what_to_do(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height);
        var page = browser.Page;

        await page.GotoAsync("/denied?reason=" + Uri.EscapeDataString("Ce compte n'a pas accès à l'administration."));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accès refusé" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Ce compte n'a pas accès à l'administration.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste des dossiers" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("denied");
        Assert.True(await browser.FitsWidthAsync(), "the denied page scrolls sideways");

        await page.GotoAsync("/signout");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dev/signin"));
        await page.GetByLabel("Adresse e-mail de l'analyste").FillAsync("inconnu@sav.local");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("inconnu@sav.local");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analystes actifs" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("dev-signin-refused");
        Assert.True(await browser.FitsWidthAsync(), "the sign-in page scrolls sideways");
    }
}
