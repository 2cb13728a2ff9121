using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Documents;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Tickets;

public class DocumentsViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_image_shows_a_lazy_thumbnail_and_every_file_opens_in_a_new_tab_or_downloads()
    {
        using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        DocumentLine[] documents =
        [
            new(7, "etiquette.jpg", "image/jpeg", 1200, Now.AddHours(-1)),
            new(8, "facture.pdf", "application/pdf", 5000, Now.AddHours(-2)),
            new(9, "dessin.svg", "image/svg+xml", 300, Now.AddHours(-3)),
        ];

        var view = ctx.Render<DocumentsView>(p => p.Add(x => x.Documents, documents).Add(x => x.Now, Now));

        var thumbnail = view.Find("tr[data-document='7'] img");
        Assert.Equal("documents/7/view", thumbnail.GetAttribute("src"));
        Assert.Equal("lazy", thumbnail.GetAttribute("loading"));
        Assert.Contains("etiquette.jpg", thumbnail.GetAttribute("alt"));
        Assert.Empty(view.FindAll("tr[data-document='8'] img"));
        Assert.Empty(view.FindAll("tr[data-document='9'] img"));
        var open = view.Find("tr[data-document='8'] a[data-action=open]");
        Assert.Equal("Ouvrir", open.TextContent.Trim());
        Assert.Equal("documents/8/view", open.GetAttribute("href"));
        Assert.Equal("_blank", open.GetAttribute("target"));
        var download = view.Find("tr[data-document='8'] a[data-action=download]");
        Assert.Equal("Télécharger", download.TextContent.Trim());
        Assert.Equal("documents/8", download.GetAttribute("href"));
        Assert.Empty(view.FindAll("a[data-action=drive]"));
    }

    [Fact]
    public void A_file_kept_in_Google_Drive_opens_in_Drive()
    {
        using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        DocumentLine[] documents =
        [
            new(7, "rapport.pdf", "application/pdf", 1200, Now, DocumentStoreKind.GoogleDrive, "https://drive.google.com/file/d/abc/view"),
            new(8, "local.pdf", "application/pdf", 1200, Now, DocumentStoreKind.Local, "https://drive.google.com/file/d/def/view"),
        ];

        var view = ctx.Render<DocumentsView>(p => p.Add(x => x.Documents, documents).Add(x => x.Now, Now));

        var drive = view.Find("tr[data-document='7'] a[data-action=drive]");
        Assert.Equal("Ouvrir dans Drive", drive.TextContent.Trim());
        Assert.Equal("https://drive.google.com/file/d/abc/view", drive.GetAttribute("href"));
        Assert.Empty(view.FindAll("tr[data-document='8'] a[data-action=drive]"));
    }
}
