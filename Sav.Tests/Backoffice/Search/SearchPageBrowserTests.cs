using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Sav.Domain.Data;
using Sav.Domain.Search;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Search;

/// <summary>« Recherche » in Chromium: the words and the facets land in the address, and that address opened anew gives
/// the same results; pictures at 1440×900 and 390×844 in the test output's screenshots/.</summary>
[Collection(ChromiumCollection.Name)]
public class SearchPageBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_search_typed_and_narrowed_lives_in_its_address_and_opens_the_same_in_a_new_page(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using (var db = database.CreateDbContext())
        {
            foreach (var ticket in await db.Tickets.OrderBy(t => t.Id).Take(12).ToListAsync()) ticket.Subject = "Condensateur gonflé " + ticket.Code;
            await db.SaveChangesAsync();
        }
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/search");
        var (page, context) = (browser.Page, browser.Context);
        await page.GotoAsync("/search");
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();

        await page.Locator("#search-words").FillAsync("condensateur gonfle");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=condensateur%20gonfle"));
        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync("12 dossier(s)");
        var group = page.Locator("[data-facet=group] .facet-value").Filter(new() { HasNot = page.Locator("input[disabled]") }).First;
        await group.Locator("input").CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("group="));
        await Assertions.Expect(page.Locator("[data-facet=group] .facet-value input:checked")).ToHaveCountAsync(1);
        await Loaded(page);
        await page.Locator("[data-facet=status] .facet-value").Filter(new() { HasNot = page.Locator("input[disabled]") }).First.Locator("input").CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status="));
        await Loaded(page);
        var total = await page.GetByTestId("total").TextContentAsync();
        var codes = await Codes(page, width);
        var url = page.Url;
        await browser.ScreenshotAsync("search");
        Assert.True(await browser.FitsWidthAsync(), "the page scrolls sideways");

        var again = await context.NewPageAsync();
        await again.GotoAsync(url);
        await Loaded(again);
        await Assertions.Expect(again.GetByTestId("total")).ToHaveTextAsync(total!);
        Assert.Equal(codes, await Codes(again, width));
        Assert.Contains("q=condensateur", url);
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.True(c.Length >= 4));
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Words_in_very_many_tickets_show_the_newest_at_once_and_their_facets_after(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/search",
            settings: new Dictionary<string, string> { ["Search:ManyMatches"] = "5" });
        var page = browser.Page;
        await page.GotoAsync("/search?q=ecran");
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        await Loaded(page);

        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync("Plus de 5 dossiers");
        await Assertions.Expect(page.GetByTestId("many")).ToContainTextAsync("les plus récents d’abord");
        // The facets' counts come after the results, then narrow them as usual.
        await Assertions.Expect(page.Locator("[data-facet=group] .facet-value").First).ToBeVisibleAsync();
        var codes = await Codes(page, width);
        Assert.Equal(codes.OrderDescending(StringComparer.Ordinal), codes);
        await browser.ScreenshotAsync("search-many");
        Assert.True(await browser.FitsWidthAsync(), "the page scrolls sideways");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_client_picked_by_name_and_a_range_of_days_narrow_the_results_and_land_in_the_address(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        int clientId;
        string name, label;
        DateOnly until;
        await using (var db = database.CreateDbContext())
        {
            var most = await db.Tickets.Where(t => t.ClientId != null).GroupBy(t => t.ClientId).OrderByDescending(g => g.Count()).Select(g => g.Key!.Value).FirstAsync();
            var client = await db.Clients.SingleAsync(c => c.Id == most);
            (clientId, name, label) = (most, client.Name, client.ErpId is null ? client.Name : $"{client.Name} ({client.ErpId})");
            var created = (await db.Tickets.Where(t => t.ClientId == most).Select(t => t.CreatedAt).ToListAsync()).Order().ToList();
            until = DateOnly.FromDateTime(created[created.Count / 2].UtcDateTime);
        }
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/search");
        var page = browser.Page;
        var search = browser.Services.GetRequiredService<TicketSearch>();
        await page.GotoAsync("/search");
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        await Loaded(page);

        await page.Locator("[data-facet=client] .mud-expand-panel-header").ClickAsync();
        // The whole name, so that the list holds this client alone, chosen with the keyboard's Enter once it shows (a
        // click could land while the list is drawn again by a late search on a loaded machine).
        await page.Locator("#client-pick").FillAsync(name);
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = label })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(1);
        await page.Locator("#client-pick").PressAsync("Enter");
        // Polled: a wait for a navigation can miss one that came just before it (the address is pushed by the circuit).
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"client={clientId}"));
        await Loaded(page);
        var ofClient = await search.SearchAsync(new SearchRequest { Clients = [clientId] });
        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync($"{ofClient.Total} dossier(s)");
        await Assertions.Expect(page.Locator($"[data-facet=client] .facet-value[data-value='{clientId}'] .facet-count")).ToHaveTextAsync(ofClient.Total.ToString());

        await page.Locator("[data-facet=created] .mud-expand-panel-header").ClickAsync();
        var to = page.Locator("[data-range=created] .range-to input");
        await to.FillAsync(until.ToString("dd/MM/yyyy"));
        await to.PressAsync("Tab");
        await page.Locator("[data-range=created] .range-apply").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"created=\\.\\.{until:yyyy-MM-dd}"));
        await Loaded(page);
        var narrowed = await search.SearchAsync(new SearchRequest { Clients = [clientId], Created = new SearchPeriod($"..{until:yyyy-MM-dd}", null, until) });
        Assert.InRange(narrowed.Total, 1, ofClient.Total - 1);
        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync($"{narrowed.Total} dossier(s)");
        await Assertions.Expect(page.Locator("[data-facet=created] .facet-value[data-value=range]")).ToContainTextAsync("Jusqu'au");
        await browser.ScreenshotAsync("search-client-range");
        Assert.True(await browser.FitsWidthAsync(), "the page scrolls sideways");

        // Ticking the chosen range and the chosen client off gives the whole base back.
        await page.Locator("[data-facet=created] .facet-value[data-value=range]").GetByText("Jusqu'au").ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("created="));
        await Loaded(page);
        await page.Locator($"[data-facet=client] .facet-value[data-value='{clientId}']").GetByText(name).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("client="));
    }

    /// <summary>Waits until the results shown are those of the address.</summary>
    private static Task Loaded(IPage page) =>
        Assertions.Expect(page.GetByTestId("total")).ToHaveAttributeAsync("data-loaded", new Uri(page.Url).Query);

    private static async Task<IReadOnlyList<string>> Codes(IPage page, int width) =>
        (await page.Locator(width < 600 ? "a.search-card" : "tr.search-hit").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.code)")).ToList();
}
