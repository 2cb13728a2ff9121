using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Sav.Domain.Analysts;
using Sav.Tests.Backoffice;
using Sav.Tests.Gateway;
using Sav.Tests.Servers;

namespace Sav.Tests.EndToEnd;

/// <summary>A customer's first ticket, from a Google Apps Script post to the analyst's screen.</summary>
[Collection(ChromiumCollection.Name)]
public class FirstTicketTests(Chromium chromium)
{
    [Fact]
    public async Task A_ticket_posted_like_apps_script_is_confirmed_by_mail_and_shows_in_the_backoffice_list()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using (var db = gateway.Db())
        {
            db.Analysts.Add(new Analyst { Email = "camille@sav.local", DisplayName = "Camille Martin", Role = AnalystRole.Analyst });
            await db.SaveChangesAsync();
        }
        await gateway.AddFamiliesAsync("Écrans tactiles");

        // UrlFetchApp.fetch(url, { method: 'post', payload: {...} }) sends exactly this.
        using var http = gateway.CreateClient();
        var answer = await http.PostAsync("/api/forms/open", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["API_KEY"] = GatewayHost.ApiKey,
            ["EMAIL"] = "marie.durand@college-pasteur.example",
            ["NAME"] = "Marie Durand",
            ["CUSTOMER"] = "Collège Pasteur",
            ["SUBJECT"] = "Écran noir en salle 12",
            ["DESCRIPTION"] = "Le voyant reste orange.",
            ["PRODUCT_FAMILY"] = "ecrans tactiles",
        }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var context = await answer.Content.ReadAsStringAsync();
        var code = context.Split('#')[0];

        Assert.Equal(1, await gateway.DispatchAsync());
        var mail = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(gateway.PickupFolder, "*.eml")));
        Assert.Equal($"Ticket N° {context}# - Écran noir en salle 12", mail.Subject);

        await using var backoffice = new BackofficeFactory(gateway.Database);
        backoffice.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        backoffice.StartServer();
        var address = backoffice.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await using var browser = await chromium.Browser.NewContextAsync(new() { Locale = "fr-FR" });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(address + "/");
        await page.GetByLabel("Adresse e-mail").FillAsync("camille@sav.local");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        var row = page.Locator("tr", new() { HasText = code });
        await Assertions.Expect(row).ToContainTextAsync("Écran noir en salle 12");
        await Assertions.Expect(row).ToContainTextAsync("Collège Pasteur");
        await Assertions.Expect(page.GetByText("a10. Nouveau").First).ToBeVisibleAsync();
    }
}
