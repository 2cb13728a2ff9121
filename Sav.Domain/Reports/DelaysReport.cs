using Microsoft.EntityFrameworkCore;
using Sav.Domain.Tickets;

namespace Sav.Domain.Reports;

public enum DelayDimension { Family, Brand, Analyst, Warranty, Channel }

/// <summary>Delays of one group of tickets opened in the period: to the first mail from an analyst, and to the
/// closing, for those answered and closed (median and 90th percentile, nearest rank).</summary>
public sealed record DelayRow(string? Key, int Tickets, int Answered, TimeSpan? AnswerMedian, TimeSpan? AnswerP90,
    int Closed, TimeSpan? CloseMedian, TimeSpan? CloseP90);

public sealed record DelaysReport(ReportPeriod Period, DelayRow Total, DelayRow PreviousTotal,
    IReadOnlyDictionary<DelayDimension, IReadOnlyList<DelayRow>> By);

public sealed partial class ReportQueries
{
    private sealed record DelayFacts(int? FamilyId, int? BrandId, int? AnalystId, Warranty Warranty, Channel Channel,
        DateTimeOffset CreatedAt, DateTimeOffset? FirstAnsweredAt, DateTimeOffset? ClosedAt);

    public async Task<DelaysReport> DelaysAsync(ReportPeriod period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await FactsAsync(period);
        var previous = await FactsAsync(period.Previous);

        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var brands = await db.Brands.ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var analysts = await db.Analysts.ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        static string? Name(Dictionary<int, string> names, int? id) => id is { } i ? names.GetValueOrDefault(i, $"#{i}") : null;

        var by = new Dictionary<DelayDimension, IReadOnlyList<DelayRow>>
        {
            [DelayDimension.Family] = Group(current, f => Name(families, f.FamilyId)),
            [DelayDimension.Brand] = Group(current, f => Name(brands, f.BrandId)),
            [DelayDimension.Analyst] = Group(current, f => Name(analysts, f.AnalystId)),
            [DelayDimension.Warranty] = Group(current, f => f.Warranty.ToString()),
            [DelayDimension.Channel] = Group(current, f => f.Channel.ToString()),
        };
        return new DelaysReport(period, Row(null, current), Row(null, previous), by);

        Task<List<DelayFacts>> FactsAsync(ReportPeriod p)
        {
            var (start, end) = (time.StartOf(p.From), time.StartOf(p.To.AddDays(1)));
            return db.Tickets.AsNoTracking().Where(t => t.CreatedAt >= start && t.CreatedAt < end)
                .Select(t => new DelayFacts(t.ProductFamilyId, t.BrandId, t.AnalystId, t.Warranty, t.Channel,
                    t.CreatedAt, t.FirstAnsweredAt, t.ClosedAt))
                .ToListAsync(ct);
        }
    }

    private static List<DelayRow> Group(List<DelayFacts> facts, Func<DelayFacts, string?> key) =>
        facts.GroupBy(key).Select(g => Row(g.Key, g.ToList())).OrderByDescending(r => r.Tickets).ThenBy(r => r.Key).ToList();

    private static DelayRow Row(string? key, IReadOnlyCollection<DelayFacts> facts)
    {
        var answers = facts.Where(f => f.FirstAnsweredAt is not null).Select(f => f.FirstAnsweredAt!.Value - f.CreatedAt).ToArray();
        var closings = facts.Where(f => f.ClosedAt is not null).Select(f => f.ClosedAt!.Value - f.CreatedAt).ToArray();
        Array.Sort(answers);
        Array.Sort(closings);
        return new DelayRow(key, facts.Count, answers.Length, Percentile(answers, 0.5), Percentile(answers, 0.9),
            closings.Length, Percentile(closings, 0.5), Percentile(closings, 0.9));
    }

    /// <summary>Nearest rank: the smallest delay that at least <paramref name="p"/> of the tickets did not exceed.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
