using Microsoft.EntityFrameworkCore;
using Sav.Domain.Satisfaction;

namespace Sav.Domain.Reports;

/// <summary>Ratings given, by kind; <see cref="SatisfiedShare"/> is the share of « Satisfait » (null when none).</summary>
public sealed record SatisfactionRow(string? Key, int Satisfied, int Neutral, int Unsatisfied)
{
    public int Total => Satisfied + Neutral + Unsatisfied;
    public double? SatisfiedShare => Total == 0 ? null : (double)Satisfied / Total;

    public static SatisfactionRow Of(string? key, IEnumerable<Rating> ratings)
    {
        var counts = new int[3];
        foreach (var rating in ratings) counts[(int)rating]++;
        return new SatisfactionRow(key, counts[(int)Rating.Satisfied], counts[(int)Rating.Neutral], counts[(int)Rating.Unsatisfied]);
    }
}

public enum SatisfactionDimension { Analyst, Family, Brand }

/// <summary>The ratings given in the period (by the day they were given, in the team's time zone): per day, week or month,
/// in total beside the period before, and by the ticket's analyst when rated, its family and its brand.</summary>
public sealed record SatisfactionReport(ReportPeriod Period, IReadOnlyList<(Bucket Bucket, SatisfactionRow Row)> Rows, SatisfactionRow Total,
    SatisfactionRow Previous, IReadOnlyList<(SatisfactionDimension Dimension, IReadOnlyList<SatisfactionRow> Rows)> By);

public sealed partial class ReportQueries
{
    public async Task<SatisfactionReport> SatisfactionAsync(ReportPeriod period, CancellationToken ct = default)
    {
        // Ratings are a few per closing: the period's and the one before's are read whole.
        var (start, end) = Range(period with { From = period.Previous.From });
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var given = await db.SatisfactionRatings.Where(r => r.At >= start && r.At < end)
            .Join(db.Tickets, r => r.TicketId, t => t.Id, (r, t) => new { r.At, r.Rating, r.AnalystId, t.ProductFamilyId, t.BrandId })
            .ToListAsync(ct);
        var rows = given.Select(g => (Day: time.DateOf(g.At), g.Rating, g.AnalystId, g.ProductFamilyId, g.BrandId)).ToList();
        var current = rows.Where(r => r.Day >= period.From && r.Day <= period.To).ToList();
        var previous = rows.Where(r => r.Day < period.From).Select(r => r.Rating);

        var analysts = await db.Analysts.ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var brands = await db.Brands.ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        IReadOnlyList<SatisfactionRow> By(Func<(DateOnly Day, Rating Rating, int? AnalystId, int? ProductFamilyId, int? BrandId), string?> key) =>
            current.GroupBy(key).Select(g => SatisfactionRow.Of(g.Key, g.Select(r => r.Rating)))
                .OrderByDescending(r => r.Total).ThenBy(r => r.Key is null).ThenBy(r => r.Key).ToList();
        static string? Name(Dictionary<int, string> names, int? id) => id is { } i ? names.GetValueOrDefault(i, $"#{i}") : null;

        return new SatisfactionReport(period,
            period.Buckets().Select(b => (b, SatisfactionRow.Of(null, current.Where(r => r.Day >= b.Start && r.Day <= b.End).Select(r => r.Rating)))).ToList(),
            SatisfactionRow.Of(null, current.Select(r => r.Rating)), SatisfactionRow.Of(null, previous),
            [
                (SatisfactionDimension.Analyst, By(r => Name(analysts, r.AnalystId))),
                (SatisfactionDimension.Family, By(r => Name(families, r.ProductFamilyId))),
                (SatisfactionDimension.Brand, By(r => Name(brands, r.BrandId))),
            ]);
    }
}
