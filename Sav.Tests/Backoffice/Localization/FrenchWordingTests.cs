using Bunit;
using Sav.Backoffice.Components.Layout;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Localization;

/// <summary>The French words an analyst reads first: accented, and the same in the menu as on the page.</summary>
public class FrenchWordingTests
{
    [Fact]
    public async Task The_main_filter_is_accented_and_the_menu_names_the_new_ticket_page_as_the_page_does()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();

        var list = ctx.Render<TicketsPage>();
        var menu = ctx.Render<NavMenu>();

        list.WaitForElement("tr.status-group");
        Assert.Equal("1. État principal", list.Find("button[data-filter=Main]").TextContent.Trim());
        menu.WaitForElement(".mud-nav-link");
        Assert.Contains("Nouveau dossier", menu.Markup);
        Assert.DoesNotContain("Nouveau Dossier", menu.Markup);
    }
}
