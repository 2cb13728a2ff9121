using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Reports;
using Sav.Domain.Search;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Search;

public class TicketSearchTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static async Task<(TestDatabase Database, TicketSearch Search)> DemoAsync()
    {
        var database = await TestDatabase.CreateAsync(demo: true, new FakeTimeProvider(Now));
        return (database, new TicketSearch(database, new TeamTime(TeamTime.DefaultZone, new FakeTimeProvider(Now))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ecran")]
    public async Task Each_facet_counts_what_it_would_give_with_the_other_facets_applied(string? words)
    {
        var (database, search) = await DemoAsync();
        await using var _ = database;
        await using var db = database.CreateDbContext();
        var matching = (await search.SearchAsync(new SearchRequest { Words = words, PageSize = 200 })).Hits.Select(h => h.Id).ToHashSet();
        var tickets = (await db.Tickets.AsNoTracking().Include(t => t.Status).ToListAsync()).Where(t => matching.Contains(t.Id)).ToList();
        Assert.NotEmpty(tickets);
        var family = tickets.Where(t => t.ProductFamilyId != null).GroupBy(t => t.ProductFamilyId!.Value).OrderByDescending(g => g.Count()).First().Key;
        var request = new SearchRequest { Words = words, Families = [family], Groups = [StatusCategory.Open, StatusCategory.WaitingOnCustomer] };

        var facets = await search.FacetsAsync(request, "fr");
        var page = await search.SearchAsync(request with { PageSize = 200 });

        var inFamily = tickets.Where(t => t.ProductFamilyId == family).ToList();
        var inGroups = tickets.Where(t => request.Groups.Contains(t.Status.Category)).ToList();
        foreach (var status in facets.Statuses)
            Assert.Equal(inFamily.Count(t => request.Groups.Contains(t.Status.Category) && t.Status.Code == status.Key), status.Count);
        foreach (var group in facets.Groups)
            Assert.Equal(inFamily.Count(t => SearchRequest.KeyOf(t.Status.Category) == group.Key), group.Count);
        foreach (var f in facets.Families)
            Assert.Equal(inGroups.Count(t => t.ProductFamilyId?.ToString() == f.Key), f.Count);
        foreach (var a in facets.Analysts)
            Assert.Equal(inFamily.Count(t => request.Groups.Contains(t.Status.Category) && (a.Key == "none" ? t.AnalystId == null : t.AnalystId?.ToString() == a.Key)), a.Count);
        var expected = inFamily.Where(t => request.Groups.Contains(t.Status.Category)).Select(t => t.Code).Order().ToList();
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected, page.Hits.Select(h => h.Code).Order());
        Assert.NotEmpty(facets.Products);
        foreach (var w in facets.Warranties)
            Assert.Equal(inFamily.Count(t => request.Groups.Contains(t.Status.Category) && t.Warranty.ToString().ToLowerInvariant() == w.Key), w.Count);
        // The periods, with every other facet applied, and one of them chosen narrowing the others.
        var time = search.Time;
        DateTimeOffset Start(string key) => time.StartOf(SearchPeriod.Parse(key, time.Today)!.From!.Value);
        var selected = inFamily.Where(t => request.Groups.Contains(t.Status.Category)).ToList();
        foreach (var p in facets.Created) Assert.Equal(selected.Count(t => t.CreatedAt >= Start(p.Key)), p.Count);
        foreach (var p in facets.Updated) Assert.Equal(selected.Count(t => t.UpdatedAt >= Start(p.Key)), p.Count);
        var lastMonth = await search.FacetsAsync(request with { Updated = SearchPeriod.Parse("30d", time.Today) }, "fr");
        foreach (var p in lastMonth.Created) Assert.Equal(selected.Count(t => t.UpdatedAt >= Start("30d") && t.CreatedAt >= Start(p.Key)), p.Count);
        foreach (var p in lastMonth.Updated) Assert.Equal(selected.Count(t => t.UpdatedAt >= Start(p.Key)), p.Count);
        foreach (var w in lastMonth.Warranties)
            Assert.Equal(selected.Count(t => t.UpdatedAt >= Start("30d") && t.Warranty.ToString().ToLowerInvariant() == w.Key), w.Count);
    }

    [Theory]
    [InlineData(SearchSort.Updated)]
    [InlineData(SearchSort.Created)]
    public async Task Keyset_pages_give_every_ticket_once_in_order(SearchSort sort)
    {
        var (database, search) = await DemoAsync();
        await using var _ = database;
        var seen = new List<SearchHit>();
        var request = new SearchRequest { Sort = sort, PageSize = 7 };
        SearchResults page;
        do
        {
            page = await search.SearchAsync(request);
            seen.AddRange(page.Hits);
            request = request with { After = page.Next };
        } while (page.Next is not null);

        Assert.Equal(page.Total, seen.Count);
        Assert.Equal(seen.Count, seen.Select(h => h.Id).Distinct().Count());
        var keys = seen.Select(h => sort == SearchSort.Created ? h.CreatedAt : h.UpdatedAt).ToList();
        Assert.Equal(keys.OrderByDescending(k => k), keys);
    }

    [Fact]
    public async Task A_query_string_with_unknown_or_hostile_values_is_read_without_error()
    {
        var (database, search) = await DemoAsync();
        await using var _ = database;
        var values = new Dictionary<string, string[]>
        {
            ["q"] = [new string('é', 10_000)], ["status"] = ["zz9", "<script>"], ["group"] = ["nowhere"], ["family"] = ["-3", "abc", "99999"],
            ["warranty"] = ["peut-être", "1"], ["analyst"] = ["none", "x"], ["channel"] = ["pigeon"], ["lang"] = ["de"], ["created"] = ["2026-13-45..x"],
            ["updated"] = ["7d"], ["sort"] = ["sideways"], ["after"] = ["u:notanumber:1"],
        };

        var request = SearchRequest.Parse(k => values.TryGetValue(k, out var v) ? v : [], DateOnly.FromDateTime(Now.UtcDateTime));
        var page = await search.SearchAsync(request);
        var facets = await search.FacetsAsync(request, "fr");

        Assert.Empty(request.Groups);
        Assert.Equal([99999], request.Families);
        Assert.Equal([0], request.Analysts);
        Assert.Null(request.Created);
        Assert.Equal("7d", request.Updated?.Key);
        Assert.Equal(0, page.Total);
        Assert.Empty(facets.Statuses);
        Assert.All(facets.Warranties, w => Assert.Equal(0, w.Count));
    }

    [Fact]
    public async Task The_whole_search_goes_through_its_query_string_and_back()
    {
        var today = new DateOnly(2026, 12, 6);
        var request = new SearchRequest
        {
            Words = "écran noir", Statuses = ["b10"], Groups = [StatusCategory.Open], Families = [3], Warranties = [Warranty.Yes], Analysts = [0, 4],
            Channels = [Channel.Email], Languages = ["en"], Created = SearchPeriod.Parse("30d", today), Updated = SearchPeriod.Parse("2026-01-01..2026-06-30", today),
            Sort = SearchSort.Updated,
        };
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.ToQueryString());

        var back = SearchRequest.Parse(k => query.TryGetValue(k, out var v) ? v.OfType<string>().ToList() : [], today);

        Assert.Equal(request.ToQueryString(), back.ToQueryString());
        Assert.Equal("?q=%C3%A9cran%20noir&status=b10&group=open&family=3&warranty=yes&analyst=none&analyst=4&channel=email&lang=en&created=30d&updated=2026-01-01..2026-06-30&sort=updated",
            request.ToQueryString());
    }

    [Fact]
    public async Task Words_in_very_many_tickets_come_newest_first_with_a_floor_for_their_count()
    {
        var (database, demo) = await DemoAsync();
        await using var _ = database;
        var search = new TicketSearch(database, demo.Time) { ManyMatches = 5 };
        var all = await demo.SearchAsync(new SearchRequest { Words = "ecran", PageSize = 200 });
        Assert.True(all.Total > 7, $"the demo has {all.Total} tickets with « ecran »");
        Assert.False(all.Many);

        var seen = new List<SearchHit>();
        var request = new SearchRequest { Words = "ecran", PageSize = 3 };
        SearchResults page;
        do
        {
            page = await search.SearchAsync(request);
            Assert.True(page.Many);
            Assert.Equal(5, page.Total);
            Assert.All(page.Hits, h => Assert.NotNull(h.Snippet));
            seen.AddRange(page.Hits);
            request = request with { After = page.Next };
        } while (page.Next is not null);

        Assert.Equal(all.Hits.Select(h => h.Id).OrderDescending(), seen.Select(h => h.Id));
        // A facet still narrows them, and its counts are those of every match.
        var facets = await search.FacetsAsync(new SearchRequest { Words = "ecran" }, "fr");
        Assert.Equal(all.Total, facets.Groups.Sum(g => g.Count));
    }

    [Fact]
    public async Task Chosen_clients_are_counted_with_the_other_facets_and_found_by_part_of_their_name()
    {
        var (database, search) = await DemoAsync();
        await using var _ = database;
        await using var db = database.CreateDbContext();
        var tickets = await db.Tickets.AsNoTracking().Include(t => t.Status).Include(t => t.Client).Where(t => t.ClientId != null).ToListAsync();
        var two = tickets.GroupBy(t => t.ClientId!.Value).OrderByDescending(g => g.Count()).Take(2).Select(g => g.First().Client!).ToList();
        var request = new SearchRequest { Clients = two.Select(c => c.Id).ToList(), Groups = [StatusCategory.Closed] };

        var facets = await search.FacetsAsync(request, "fr");
        var page = await search.SearchAsync(request with { PageSize = 500 });

        Assert.Equal(two.Select(c => c.Name).Order(), facets.Clients.Select(c => c.Label).Order());
        foreach (var client in facets.Clients)
            Assert.Equal(tickets.Count(t => t.ClientId == int.Parse(client.Key) && t.Status.Category == StatusCategory.Closed), client.Count);
        Assert.Equal(facets.Clients.Sum(c => c.Count), page.Total);
        Assert.All(page.Hits, h => Assert.Contains(h.Client, two.Select(c => c.Name)));
        // The picker finds a client by a piece of its name, whatever the case of its plain letters, and nothing for a blank.
        var piece = new string(two[0].Name[1..Math.Min(6, two[0].Name.Length)].Select(ch => ch < 128 ? char.ToUpperInvariant(ch) : ch).ToArray());
        Assert.Contains(await search.ClientChoicesAsync(piece), c => c.Key == two[0].Id.ToString());
        Assert.Empty(await search.ClientChoicesAsync("  "));
    }
}
