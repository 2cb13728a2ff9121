using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice;

/// <summary>The backoffice on a loopback port, driven by the machine's Chromium through a whole analyst session.</summary>
[Collection(ChromiumCollection.Name)]
public class BrowserTests(Chromium chromium)
{
    [Fact]
    public async Task An_analyst_signs_in_filters_the_list_opens_a_ticket_and_adds_a_note()
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var factory = new BackofficeFactory(database);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address, Locale = "fr-FR" });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Contains("/dev/signin", page.Url);
        await page.GetByLabel("Adresse e-mail de l'analyste").FillAsync(DemoData.DevelopmentAnalyst);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Assertions.Expect(page.Locator("tr.status-group").First).ToContainTextAsync("a10. Nouveau (");
        await Assertions.Expect(page.GetByTestId("open-count")).Not.ToBeEmptyAsync();
        // The filter works only once the circuit is up: a click before that would be lost, so retry it.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await page.Locator("button[data-filter=Closed]").ClickAsync();
            await page.WaitForTimeoutAsync(500);
            if (await page.Locator("button[data-filter=Closed][aria-pressed=true]").CountAsync() == 1) break;
        }
        await Assertions.Expect(page.Locator("tr.status-group")).ToContainTextAsync("z10. Fermé (");

        var code = await page.Locator("tr.ticket-row").First.GetAttributeAsync("data-code");
        await page.Locator("tr.ticket-row").First.Locator("td").Nth(5).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tickets/{code}$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Dossier {code}");

        await page.GetByLabel("Note (visible des analystes seulement)").FillAsync("Appelé le client, attend le devis.");
        await page.GetByTestId("add-note").ClickAsync();
        if (Environment.GetEnvironmentVariable("SAV_SCREENSHOTS") is { } folder)
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "ticket.png"), FullPage = true });
        await Assertions.Expect(page.Locator(".conversation-entry.internal-note")).ToContainTextAsync("Appelé le client, attend le devis.");

        await page.GotoAsync("/signout");
        await page.GotoAsync("/");
        Assert.Contains("/dev/signin", page.Url);
    }
}
