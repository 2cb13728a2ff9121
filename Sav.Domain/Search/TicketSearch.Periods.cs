using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Search;

/// <summary>The period facets' counts of « Recherche »: today, 7 days, 30 days, this year, as the team's days go.</summary>
public sealed partial class TicketSearch
{
    private async Task<List<FacetValue>> PeriodsAsync(SavDbContext db, SearchRequest r, IReadOnlyList<Status> statuses, bool created, CancellationToken ct)
    {
        var starts = NamedStarts();
        var facet = created ? "created" : "updated";
        var tickets = Filter(db, r, statuses, facet);
        // Every status named lets the (status, last update) index serve a range per status, without the tickets' rows.
        if (!created && r.Statuses.Count == 0 && r.Groups.Count == 0)
        {
            var all = statuses.Select(s => s.Id).ToList();
            tickets = tickets.Where(t => all.Contains(t.StatusId));
        }
        IQueryable<Ticket> Between(DateTimeOffset from, DateTimeOffset to) =>
            created ? tickets.Where(t => t.CreatedAt >= from && t.CreatedAt < to) : tickets.Where(t => t.UpdatedAt >= from && t.UpdatedAt < to);

        int[] counts;
        if (OnlyPeriod(r, created))
        {
            // Nothing else chosen: whole UTC days from DayCounts, and the hours before the first of them counted.
            var firsts = starts.Select(s => DayCounts.DayOf(s.AddTicks(TimeSpan.TicksPerDay - 1))).ToArray();
            var days = await DayCounts.ReadAsync(db, firsts.Min(), ct);
            counts = new int[starts.Length];
            for (var i = 0; i < starts.Length; i++)
            {
                var first = firsts[i];
                counts[i] = days.Where(d => d.Number >= first).Sum(d => created ? d.Created : d.Updated)
                    + await Between(starts[i], DayCounts.StartOfDay(first)).CountAsync(ct);
            }
        }
        else
        {
            // One pass from the earliest start, each period a conditional count.
            var (s0, s1, s2, s3) = (starts[0], starts[1], starts[2], starts[3]);
            var earliest = starts.Min();
            counts = (created
                ? await tickets.Where(t => t.CreatedAt >= earliest).GroupBy(t => 1)
                    .Select(g => new[] { g.Count(t => t.CreatedAt >= s0), g.Count(t => t.CreatedAt >= s1), g.Count(t => t.CreatedAt >= s2), g.Count(t => t.CreatedAt >= s3) })
                    .FirstOrDefaultAsync(ct)
                : await tickets.Where(t => t.UpdatedAt >= earliest).GroupBy(t => 1)
                    .Select(g => new[] { g.Count(t => t.UpdatedAt >= s0), g.Count(t => t.UpdatedAt >= s1), g.Count(t => t.UpdatedAt >= s2), g.Count(t => t.UpdatedAt >= s3) })
                    .FirstOrDefaultAsync(ct)) ?? new int[starts.Length];
        }
        return SearchPeriod.Named.Select((name, i) => new FacetValue(name, name, counts[i])).ToList();
    }

    /// <summary>When each named period begins, in their order.</summary>
    private DateTimeOffset[] NamedStarts()
    {
        var today = time.Today;
        return SearchPeriod.Named.Select(n => time.StartOf(SearchPeriod.Parse(n, today)!.From!.Value)).ToArray();
    }

    /// <summary>Nothing chosen but, at most, this period facet itself.</summary>
    private static bool OnlyPeriod(SearchRequest r, bool created) =>
        SearchWords.Of(r.Words).Count == 0 && r.Statuses.Count == 0 && r.Groups.Count == 0 && r.Families.Count == 0 && r.Products.Count == 0
        && r.Brands.Count == 0 && r.Warranties.Count == 0 && r.Analysts.Count == 0 && r.Channels.Count == 0 && r.Languages.Count == 0
        && r.Clients.Count == 0 && (created ? r.Updated : r.Created) is null;
}
