using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Tests.Servers;

namespace Sav.Tests.Gateway.Forms.Pages;

[Collection(ChromiumCollection.Name)]
public class OpenFormBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task A_customer_fills_the_open_form_with_a_photo_and_gets_a_ticket_with_its_document(int width, int height)
    {
        await using var host = await GatewayHost.StartAsync(kestrel: true);
        await host.AddFamiliesAsync("Écrans tactiles", "Télécommandes");
        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var photo = Path.Combine(host.Database.SubFolder("upload"), "ecran.jpg");
        await File.WriteAllBytesAsync(photo, [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[4000]]);

        await page.GotoAsync(new Uri(host.Address, "/f/sav/open").ToString());
        await page.GetByLabel("Adresse e-mail").FillAsync("marie.durand@college-pasteur.example");
        await page.GetByLabel("Nom et prénom").FillAsync("Marie Durand");
        await page.GetByLabel("Établissement ou société").FillAsync("Collège Pasteur");
        await page.GetByLabel("Type de produit").SelectOptionAsync("Télécommandes");
        await page.GetByLabel("Objet de la demande").FillAsync("Télécommande muette");
        await page.GetByLabel("Description du problème").FillAsync("Plus aucune touche ne répond.");
        await page.GetByLabel("Photos ou vidéos").SetInputFilesAsync(photo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        var shown = await page.Locator("#context").TextContentAsync();
        await using var db = host.Db();
        var ticket = await db.Tickets.Include(t => t.Documents).Include(t => t.ProductFamily).SingleAsync();
        Assert.Equal(host.ContextOf(ticket.Code), shown);
        Assert.Equal("Télécommandes", ticket.ProductFamily!.Name);
        var document = Assert.Single(ticket.Documents);
        Assert.Equal("ecran.jpg", document.Name);
        Assert.Equal(4004, document.Size);
        Assert.Equal("image/jpeg", document.MediaType);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways");
    }
}
