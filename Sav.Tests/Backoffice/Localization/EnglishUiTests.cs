using Bunit;
using Sav.Backoffice.Components.Layout;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Analysts;

namespace Sav.Tests.Backoffice.Localization;

public class EnglishUiTests
{
    [Fact]
    public async Task In_english_the_ticket_list_shows_english_headers_filters_and_statuses()
    {
        using var english = new EnglishCulture();
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();

        var page = ctx.Render<TicketsPage>();

        page.WaitForElement("tr.status-group");
        var headers = page.FindAll("thead th").Select(h => h.TextContent.Trim().TrimEnd('▲', '▼', ' ')).ToList();
        Assert.Equal(["Code", "Client", "Product", "Warranty", "Contact", "Subject", "Analyst", "Created", "Updated", "Channel"], headers);
        Assert.Equal("1. Main view", page.Find("button[data-filter=Main]").TextContent.Trim());
        Assert.StartsWith("a10. New (", page.Find("tr.status-group").TextContent.Trim());
        Assert.EndsWith("ticket(s)", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.Contains(" ago", page.Find("tr.ticket-row").TextContent);
        Assert.DoesNotContain("Suivi des dossiers", page.Markup);
    }

    [Fact]
    public async Task In_english_the_menu_speaks_english()
    {
        using var english = new EnglishCulture();
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync("admin@sav.local", AnalystRole.Admin);

        var menu = ctx.Render<NavMenu>();

        var text = menu.WaitForElement(".mud-nav-group").TextContent;
        Assert.Contains("Administration", text);
        Assert.Contains("Tickets", menu.Markup);
        Assert.Contains("New Ticket", menu.Markup);
        Assert.Contains("Mail health", menu.Markup);
        Assert.DoesNotContain("Nouveau Dossier", menu.Markup);
    }
}
