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
        await using (var catalog = host.Db())
        {
            foreach (var (family, product) in new[] { ("Écrans tactiles", "Écran 65 pouces"), ("Télécommandes", "Télécommande TC-1"), ("Télécommandes", "Télécommande TC-2") })
                catalog.Products.Add(new Sav.Domain.Catalog.Product { Code = product, Name = product, ProductFamilyId = (await catalog.ProductFamilies.SingleAsync(f => f.Name == family)).Id });
            await catalog.SaveChangesAsync();
        }
        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var photo = Path.Combine(host.Database.SubFolder("upload"), "ecran.jpg");
        await File.WriteAllBytesAsync(photo, [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[4000]]);

        await page.GotoAsync(new Uri(host.Address, "/f/sav/open").ToString());
        await page.GetByLabel("Adresse e-mail").FillAsync("marie.durand@college-pasteur.example");
        await page.GetByLabel("Nom et prénom").FillAsync("Marie Durand");
        await page.GetByLabel("Établissement ou société").FillAsync("Collège Pasteur");
        Assert.Equal(3, await page.Locator("#PRODUCT-list option").CountAsync());
        await page.GetByLabel("Type de produit").SelectOptionAsync("Télécommandes");
        // « Modèle » now suggests that family's products only.
        Assert.Equal(["Télécommande TC-1", "Télécommande TC-2"],
            (await page.Locator("#PRODUCT-list option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)")).Order());
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

    [Fact]
    public async Task A_slow_upload_from_a_phone_shows_its_progress_then_the_ticket_s_context()
    {
        await using var host = await GatewayHost.StartAsync(kestrel: true);
        await host.AddFamiliesAsync("Écrans tactiles");
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        var video = Path.Combine(host.Database.SubFolder("upload"), "ecran.mp4");
        await File.WriteAllBytesAsync(video, [0, 0, 0, 0x18, .. "ftypmp42"u8.ToArray(), .. new byte[1_200_000]]);
        // A poor mobile network: some 400 kB/s up, so the 1.2 MB take about three seconds.
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 20, ["downloadThroughput"] = -1, ["uploadThroughput"] = 400_000,
        });

        await page.GotoAsync(new Uri(host.Address, "/f/sav/open").ToString());
        await page.GetByLabel("Adresse e-mail").FillAsync("marie.durand@college-pasteur.example");
        await page.GetByLabel("Nom et prénom").FillAsync("Marie Durand");
        await page.GetByLabel("Établissement ou société").FillAsync("Collège Pasteur");
        await page.GetByLabel("Type de produit").SelectOptionAsync("Écrans tactiles");
        await page.GetByLabel("Objet de la demande").FillAsync("Écran qui clignote");
        await page.GetByLabel("Description du problème").FillAsync("La vidéo montre le clignotement.");
        await page.GetByLabel("Photos ou vidéos").SetInputFilesAsync(video);
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" });
        await send.TapAsync();

        // While it goes: a progress bar that moves, a status read out, and no second submission possible.
        var progress = page.Locator(".upload progress");
        await Assertions.Expect(progress).ToBeVisibleAsync();
        await Assertions.Expect(send).ToBeDisabledAsync();
        await page.WaitForFunctionAsync("() => { const p = document.querySelector('.upload progress'); return p && p.value > 0 && p.value < 100; }");
        await Assertions.Expect(page.Locator(".upload[role=status]")).ToContainTextAsync("Envoi des fichiers");
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "public-open-uploading-390x844.png") });
        await Assertions.Expect(page.Locator("#context")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await using var db = host.Db();
        var ticket = await db.Tickets.Include(t => t.Documents).SingleAsync();
        Assert.Equal(host.ContextOf(ticket.Code), await page.Locator("#context").TextContentAsync());
        Assert.Equal(1_200_012, Assert.Single(ticket.Documents).Size);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "public-open-uploaded-390x844.png"), FullPage = true });
    }
}
