using Microsoft.EntityFrameworkCore;

namespace Sav.Domain.Reports;

/// <summary>One group's tickets with a response target, opened in the period: how many had their first answer and their
/// closing within it, and how many missed it (done late, or still to do past the deadline while the clock runs). A
/// ticket still within its time, or waiting on someone else, counts in neither.</summary>
public sealed record TargetRow(string? Key, int Tickets, int AnswerMet, int AnswerMissed, int CloseMet, int CloseMissed)
{
    public double? AnswerShare => Share(AnswerMet, AnswerMissed);
    public double? CloseShare => Share(CloseMet, CloseMissed);

    public TargetRow Add(TargetRow other) => this with
    {
        Tickets = Tickets + other.Tickets, AnswerMet = AnswerMet + other.AnswerMet, AnswerMissed = AnswerMissed + other.AnswerMissed,
        CloseMet = CloseMet + other.CloseMet, CloseMissed = CloseMissed + other.CloseMissed,
    };

    public static TargetRow Sum(string? key, IEnumerable<TargetRow> rows) => rows.Aggregate(new TargetRow(key, 0, 0, 0, 0, 0), (sum, r) => sum.Add(r));

    private static double? Share(int met, int missed) => met + missed == 0 ? null : (double)met / (met + missed);
}

public enum TargetDimension { Analyst, Family, Brand }

/// <summary>« Délais cibles »: the tickets opened in the period under a response target, in total beside the period
/// before, and by analyst, family and brand.</summary>
public sealed record TargetsReport(ReportPeriod Period, TargetRow Total, TargetRow Previous,
    IReadOnlyList<(TargetDimension Dimension, IReadOnlyList<TargetRow> Rows)> By);

public sealed partial class ReportQueries
{
    public async Task<TargetsReport> TargetsAsync(ReportPeriod period, CancellationToken ct = default)
    {
        var now = time.Now;
        var current = Apart(db => TargetGroupsAsync(db, period, now, ct), ct);
        var previous = await Apart(db => TargetGroupsAsync(db, period.Previous, now, ct), ct);
        var groups = await current;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var analysts = await db.Analysts.ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var brands = await db.Brands.ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        static string? Name(Dictionary<int, string> names, int? id) => id is { } i ? names.GetValueOrDefault(i, $"#{i}") : null;
        IReadOnlyList<TargetRow> By(Func<TargetGroup, string?> key) => groups.GroupBy(key).Select(g => TargetRow.Sum(g.Key, g.Select(r => r.Row)))
            .OrderByDescending(r => r.Tickets).ThenBy(r => r.Key is null).ThenBy(r => r.Key).ToList();

        return new TargetsReport(period, TargetRow.Sum(null, groups.Select(g => g.Row)), TargetRow.Sum(null, previous.Select(g => g.Row)),
        [
            (TargetDimension.Analyst, By(g => Name(analysts, g.AnalystId))),
            (TargetDimension.Family, By(g => Name(families, g.FamilyId))),
            (TargetDimension.Brand, By(g => Name(brands, g.BrandId))),
        ]);
    }

    private sealed record TargetGroup(int? AnalystId, int? FamilyId, int? BrandId, TargetRow Row);

    /// <summary>The period's tickets with a target, counted in the database by analyst, family and brand together.</summary>
    private async Task<List<TargetGroup>> TargetGroupsAsync(Data.SavDbContext db, ReportPeriod period, DateTimeOffset now, CancellationToken ct)
    {
        var (start, end) = Range(period);
        var rows = await db.Tickets.Where(t => t.CreatedAt >= start && t.CreatedAt < end && t.SlaTargetId != null)
            .GroupBy(t => new { t.AnalystId, t.ProductFamilyId, t.BrandId })
            .Select(g => new
            {
                g.Key.AnalystId, g.Key.ProductFamilyId, g.Key.BrandId,
                Tickets = g.Count(),
                AnswerMet = g.Count(t => t.FirstAnsweredAt != null && t.FirstAnsweredAt <= t.AnswerDueAt),
                AnswerMissed = g.Count(t => t.FirstAnsweredAt != null ? t.FirstAnsweredAt > t.AnswerDueAt
                    : t.ClosedAt == null && t.SlaPausedAt == null && t.AnswerDueAt < now),
                CloseMet = g.Count(t => t.ClosedAt != null && t.ClosedAt <= t.CloseDueAt),
                CloseMissed = g.Count(t => t.ClosedAt != null ? t.ClosedAt > t.CloseDueAt : t.SlaPausedAt == null && t.CloseDueAt < now),
            })
            .ToListAsync(ct);
        return rows.Select(r => new TargetGroup(r.AnalystId, r.ProductFamilyId, r.BrandId,
            new TargetRow(null, r.Tickets, r.AnswerMet, r.AnswerMissed, r.CloseMet, r.CloseMissed))).ToList();
    }
}
