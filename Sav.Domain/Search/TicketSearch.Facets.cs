using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Search;

/// <summary>The facets' counts of « Recherche »: what each value would give, the other facets applied.</summary>
public sealed partial class TicketSearch
{
    public async Task<SearchFacets> FacetsAsync(SearchRequest r, string language, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var statuses = await db.Statuses.AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var families = await db.ProductFamilies.AsNoTracking().ToDictionaryAsync(f => f.Id, ct);
        var brands = await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var analysts = await db.Analysts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);

        // The facets' counts come from the facet combinations of the tickets the request selects, each facet counted with
        // the others applied. Without words, clients or periods, the combinations are those FacetCounts keeps, and the
        // database tallies them (some 15,000 rows for a million tickets; 6.2 s before, see bench/README.md); otherwise
        // the selected tickets are grouped and tallied here (a rare word 143 -> 15 ms at a million tickets).
        var summary = SearchWords.Of(r.Words).Count == 0 && r.Clients.Count == 0 && r.Created is null && r.Updated is null;
        var inPass = !summary && NamedPeriods(r);
        FacetTally tally;
        if (summary) tally = await FacetCounts.TallyAsync(db, r, statuses, ct);
        else
        {
            // The named periods ride along as bits (two counts over every match took 0.8 s for a common word).
            var s = NamedStarts();
            var (c0, c1, c2, c3) = (s[0], s[1], s[2], s[3]);
            tally = FacetTally.Of(r, statuses, await Filter(db, r, statuses, facetsInMemory: true)
                .GroupBy(t => new
                {
                    t.StatusId, t.ProductFamilyId, t.ProductId, t.BrandId, t.Warranty, t.AnalystId, t.Channel, t.Language,
                    Created = inPass ? (t.CreatedAt >= c0 ? 1 : 0) + (t.CreatedAt >= c1 ? 2 : 0) + (t.CreatedAt >= c2 ? 4 : 0) + (t.CreatedAt >= c3 ? 8 : 0) : 0,
                    Updated = inPass ? (t.UpdatedAt >= c0 ? 1 : 0) + (t.UpdatedAt >= c1 ? 2 : 0) + (t.UpdatedAt >= c2 ? 4 : 0) + (t.UpdatedAt >= c3 ? 8 : 0) : 0,
                })
                .Select(g => new FacetCombo(g.Key.StatusId, g.Key.ProductFamilyId ?? 0, g.Key.ProductId ?? 0, g.Key.BrandId ?? 0, g.Key.Warranty,
                    g.Key.AnalystId ?? 0, g.Key.Channel, g.Key.Language, g.Count(), g.Key.Created, g.Key.Updated))
                .ToListAsync(ct));
        }


        // The chosen clients, each counted with the other facets applied, in one pass grouped by client (the index on
        // the ticket's client serves it).
        var perClient = r.Clients.Count == 0 ? [] : await Filter(db, r, statuses).GroupBy(t => t.ClientId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var clients = (await db.Clients.AsNoTracking().Where(c => r.Clients.Contains(c.Id)).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => new FacetValue(Id(c.Id), c.Name, perClient.GetValueOrDefault(c.Id))).ToList();

        return new SearchFacets(
            SearchRequest.GroupKeys.Select(g => new FacetValue(g.Key, g.Value.ToString(), tally.Groups.GetValueOrDefault(g.Value))).ToList(),
            statuses.Select(s => new FacetValue(s.Code, s.DisplayIn(language), tally.Statuses.GetValueOrDefault(s.Id))).Where(f => f.Count > 0 || r.Statuses.Contains(f.Key)).ToList(),
            tally.Families.Where(f => families.ContainsKey(f.Key)).Select(f => new FacetValue(Id(f.Key), families[f.Key].NameIn(language), f.Value))
                .OrderByDescending(f => f.Count).ToList(),
            await ProductsAsync(db, (r.Families.Count == 0 ? [] : tally.Products.Where(p => p.Key != 0)).ToDictionary(p => p.Key, p => p.Value), language, ct),
            tally.Brands.Where(b => brands.ContainsKey(b.Key)).Select(b => new FacetValue(Id(b.Key), brands[b.Key], b.Value))
                .OrderByDescending(b => b.Count).ToList(),
            Enum.GetValues<Warranty>().Select(w => new FacetValue(w.ToString().ToLowerInvariant(), w.ToString(), tally.Warranties.GetValueOrDefault(w))).ToList(),
            tally.Analysts.Select(a => new FacetValue(a.Key == 0 ? "none" : Id(a.Key), a.Key == 0 ? "" : analysts.GetValueOrDefault(a.Key, "?"), a.Value))
                .OrderBy(a => a.Key == "none" ? 0 : 1).ThenByDescending(a => a.Count).ToList(),
            Enum.GetValues<Channel>().Select(c => new FacetValue(c.ToString().ToLowerInvariant(), c.ToString(), tally.Channels.GetValueOrDefault(c))).ToList(),
            new[] { "fr", "en" }.Select(l => new FacetValue(l, l, tally.Languages.GetValueOrDefault(l))).ToList(),
            inPass ? Periods(tally.Created) : await PeriodsAsync(db, r, statuses, created: true, ct),
            inPass ? Periods(tally.Updated) : await PeriodsAsync(db, r, statuses, created: false, ct)) { Clients = clients };
    }

    /// <summary>The clients whose name, ERP id, e-mail domain or contact holds the term, for the client picker.</summary>
    public async Task<IReadOnlyList<FacetValue>> ClientChoicesAsync(string? term, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(term)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await ClientSearch.Matching(db.Clients.AsNoTracking(), term).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(10)
            .Select(c => new { c.Id, c.Name, c.ErpId }).ToListAsync(ct);
        return found.Select(c => new FacetValue(Id(c.Id), c.ErpId is null ? c.Name : $"{c.Name} ({c.ErpId})", 0)).ToList();
    }

    private static List<FacetValue> Periods(int[] counts) => SearchPeriod.Named.Select((name, i) => new FacetValue(name, name, counts[i])).ToList();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<FacetValue>> ProductsAsync(SavDbContext db, Dictionary<int, int> counts, string language, CancellationToken ct)
    {
        if (counts.Count == 0) return [];
        var ids = counts.Keys.ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return products.Select(p => new FacetValue(Id(p.Id), p.NameIn(language), counts[p.Id])).OrderByDescending(p => p.Count).ToList();
    }
}
