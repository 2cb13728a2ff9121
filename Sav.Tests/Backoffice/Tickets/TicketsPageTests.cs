using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Data;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

public class TicketsPageTests
{
    [Fact]
    public async Task Open_tickets_are_grouped_by_status_in_code_order_with_their_counts()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();
        var expected = await ExpectedTitlesAsync(ctx.Database, t => t.Status.Category != StatusCategory.Closed);

        var page = ctx.Render<TicketsPage>();

        page.WaitForAssertion(() => Assert.Equal(expected, page.FindAll("tr.status-group").Select(g => g.TextContent.Trim())));
        Assert.StartsWith("a10. Nouveau (", expected[0]);
        Assert.DoesNotContain(expected, title => title.StartsWith("z10", StringComparison.Ordinal));
        Assert.Equal(expected.Sum(CountIn), page.FindAll("tr.ticket-row").Count);
    }

    [Fact]
    public async Task The_closed_filter_shows_only_closed_tickets()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();
        var expected = await ExpectedTitlesAsync(ctx.Database, t => t.Status.Category == StatusCategory.Closed);
        var page = ctx.Render<TicketsPage>();
        page.WaitForElement("tr.status-group");

        await page.Find("button[data-filter=Closed]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(expected, page.FindAll("tr.status-group").Select(g => g.TextContent.Trim())));
        Assert.Single(expected);
        Assert.StartsWith("z10. Fermé (", expected[0]);
    }

    [Fact]
    public async Task Mine_shows_the_open_tickets_of_the_signed_in_analyst_only()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        var analyst = await ctx.SignInAsync(DemoData.DevelopmentAnalyst);
        await using var db = ctx.Database.CreateDbContext();
        var mine = await db.Tickets.Where(t => t.AnalystId == analyst.Id && t.Status.Category != StatusCategory.Closed)
            .Select(t => t.Code).OrderBy(c => c).ToListAsync();
        Assert.NotEmpty(mine);
        var page = ctx.Render<TicketsPage>();
        page.WaitForElement("tr.status-group");

        await page.Find("button[data-filter=Mine]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(mine,
            page.FindAll("tr.ticket-row").Select(r => r.GetAttribute("data-code")!).OrderBy(c => c)));
        Assert.All(page.FindAll("tr.ticket-row"), r => Assert.Equal(analyst.DisplayName, r.Children[6].TextContent));
    }

    [Fact]
    public async Task A_row_shows_the_customer_text_the_raw_product_and_French_relative_times()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest() with { Product = "Modèle X" }, "test");
        await using (var db = ctx.Database.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == opened.Id);
            ticket.CreatedAt = BackofficeContext.Now.AddDays(-400);
            ticket.UpdatedAt = BackofficeContext.Now.AddDays(-92);
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<TicketsPage>();

        var row = page.WaitForElement($"tr.ticket-row[data-code={opened.Code}]");
        var cells = row.Children.Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal([opened.Code, "Collège Pasteur", "Écrans tactiles / Modèle X", "Inconnue", "Marie Durand",
            "Écran ne s'allume plus", "", "il y a un an", "il y a 3 mois", "Formulaire"], cells);
        Assert.Equal("a10. Nouveau (1)", page.Find("tr.status-group").TextContent.Trim());
    }

    [Fact]
    public async Task Clicking_a_row_opens_the_ticket_page()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<TicketsPage>();

        await page.WaitForElement($"tr.ticket-row[data-code={opened.Code}]").ClickAsync(new());

        Assert.EndsWith($"/tickets/{opened.Code}", ctx.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_new_ticket_appears_without_a_reload()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var page = ctx.Render<TicketsPage>(p => p.Add(x => x.RefreshEvery, TimeSpan.FromSeconds(30)));
        page.WaitForElement("[data-testid=empty]");

        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        ctx.Clock.Advance(TimeSpan.FromSeconds(31));

        page.WaitForElement($"tr.ticket-row[data-code={opened.Code}]");
    }

    [Fact]
    public async Task Sorting_by_code_and_paging_happen_in_the_query()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await using var db = ctx.Database.CreateDbContext();
        var all = await TicketList.LoadAsync(db, new TicketListRequest { Filter = TicketFilter.All, Sort = TicketSort.Code, Descending = false, PageSize = 500 });
        var expected = all.Groups.SelectMany(g => g.Rows).Select(r => r.Code).ToList();

        var first = await TicketList.LoadAsync(db, new TicketListRequest { Filter = TicketFilter.All, Sort = TicketSort.Code, Descending = false, PageSize = 15 });
        var second = await TicketList.LoadAsync(db, new TicketListRequest { Filter = TicketFilter.All, Sort = TicketSort.Code, Descending = false, PageSize = 15, Page = 1 });

        Assert.Equal(await db.Tickets.CountAsync(), first.Total);
        Assert.Equal(expected.Take(30), first.Groups.Concat(second.Groups).SelectMany(g => g.Rows).Select(r => r.Code));
        Assert.Equal((first.Total + 14) / 15, first.PageCount);
        // Within one status the codes ascend.
        Assert.All(all.Groups, g => Assert.Equal(g.Rows.Select(r => r.Code).Order(StringComparer.Ordinal), g.Rows.Select(r => r.Code)));
    }

    private static int CountIn(string title) => int.Parse(title[(title.LastIndexOf('(') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<string>> ExpectedTitlesAsync(TestDatabase database, System.Linq.Expressions.Expression<Func<Ticket, bool>> filter)
    {
        await using var db = database.CreateDbContext();
        var tickets = await db.Tickets.Where(filter).Select(t => new { t.Status.Code, t.Status.Label }).ToListAsync();
        return tickets.GroupBy(t => (t.Code, t.Label)).OrderBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Code}. {g.Key.Label} ({g.Count()})").ToList();
    }
}
