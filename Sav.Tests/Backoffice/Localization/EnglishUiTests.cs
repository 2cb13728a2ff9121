using Bunit;
using Sav.Backoffice.Components.Layout;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Analysts;
using Sav.Tests.Support;

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

    [Fact]
    public async Task In_english_the_ticket_page_its_status_and_its_actions_speak_english()
    {
        using var english = new EnglishCulture();
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        ctx.Clock.Advance(TimeSpan.FromDays(3));

        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));

        page.WaitForElement("[data-testid=summary]");
        Assert.StartsWith($"Ticket {opened.Code} — ", page.Find("h1").TextContent);
        Assert.Equal("a10. New", page.Find("[data-testid=status]").TextContent.Trim());
        Assert.Equal("Unassigned", page.Find("[data-field=Analyst]").TextContent);
        Assert.StartsWith("3 days ago", page.Find("[data-field=Created]").TextContent);
        Assert.Contains("Back to the list", page.Markup);
        Assert.Contains("History", page.Markup);
        Assert.Equal("Close the ticket", page.WaitForElement("[data-testid=close]").TextContent.Trim());
        Assert.Equal("Send the question", page.Find("[data-testid=ask]").TextContent.Trim());
    }
}
