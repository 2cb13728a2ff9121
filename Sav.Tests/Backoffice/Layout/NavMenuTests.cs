using Bunit;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Layout;
using Sav.Domain.Analysts;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Layout;

public class NavMenuTests
{
    [Fact]
    public async Task The_menu_counts_open_tickets_and_failed_mails_and_keeps_counting()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();
        int open;
        await using (var db = ctx.Database.CreateDbContext())
        {
            open = await db.Tickets.CountAsync(t => t.Status.Category != StatusCategory.Closed);
        }
        var menu = ctx.Render<NavMenu>();
        menu.WaitForAssertion(() => Assert.Equal(open.ToString(), menu.Find("[data-testid=open-count]").TextContent.Trim()));
        Assert.Empty(menu.FindAll("[data-testid=failed-count]"));
        Assert.DoesNotContain("Administration", menu.Markup);

        await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        await using (var db = ctx.Database.CreateDbContext())
        {
            await db.OutboxMessages.ExecuteUpdateAsync(m => m.SetProperty(x => x.State, OutboxState.Failed));
        }
        ctx.Clock.Advance(TimeSpan.FromSeconds(31));

        menu.WaitForAssertion(() => Assert.Equal((open + 1).ToString(), menu.Find("[data-testid=open-count]").TextContent.Trim()));
        Assert.Equal("1", menu.Find("[data-testid=failed-count]").TextContent.Trim());
    }

    [Fact]
    public async Task Administrators_see_the_administration_entries()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync("admin@sav.local", AnalystRole.Admin);

        var menu = ctx.Render<NavMenu>();

        Assert.Contains("Administration", menu.WaitForElement(".mud-nav-group").TextContent);
    }
}
