using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Catalog;
using Sav.Domain.Journal;
using Sav.Tests.Servers;

namespace Sav.Tests.Gateway.Journal;

/// <summary>A customer on the public form while the database is away, in Chromium; pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class OutageFormsBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_open_form_still_opens_and_its_ticket_is_received_then_written_when_the_database_is_back(int width, int height)
    {
        var server = await PostgresServer.PrivateAsync();
        try
        {
            var database = await server.CreateDatabaseAsync();
            await using (var db = database.CreateDbContext())
            {
                db.ProductFamilies.Add(new ProductFamily { Code = "ECRANS", Name = "Écrans tactiles" });
                await db.SaveChangesAsync();
            }
            await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres", ["ConnectionStrings:Sav"] = server.ConnectionString(database.Name),
            }, kestrel: true);
            var outage = gateway.Service<OutageJournal>();
            for (var i = 0; outage.Journal.NumbersLeft == 0 && i < 300; i++) await Task.Delay(100);
            await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            var form = new Uri(gateway.Address, "/f/sav/open").ToString();
            await page.GotoAsync(form);

            await server.CrashAsync();
            // A customer who comes now still gets the form, its families as last read.
            var shown = await page.GotoAsync(form);
            Assert.Equal(200, shown!.Status);
            await page.GetByLabel("Adresse e-mail").FillAsync("marie.durand@college-pasteur.example");
            await page.GetByLabel("Nom et prénom").FillAsync("Marie Durand");
            await page.GetByLabel("Type de produit").SelectOptionAsync("Écrans tactiles");
            await page.GetByLabel("Objet de la demande").FillAsync("Écran noir au démarrage");
            await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

            await Assertions.Expect(page.Locator("#deferred")).ToContainTextAsync("Votre demande est bien reçue et sera traitée dès que possible");
            var code = (await page.Locator("#context").TextContentAsync())!.Split('#')[0];
            var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"outage-thanks-{width}x{height}.png"), FullPage = true });
            Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the page scrolls sideways");

            await server.RestartAsync();
            for (var i = 0; outage.Holding && i < 600; i++) await Task.Delay(100);
            await using var check = database.CreateDbContext();
            var ticket = await check.Tickets.Include(t => t.ProductFamily).SingleAsync();
            Assert.Equal(code, ticket.Code);
            Assert.Equal("Écrans tactiles", ticket.ProductFamily!.Name);
        }
        finally
        {
            try { await server.CrashAsync(); } catch (InvalidOperationException) { }
        }
    }
}
