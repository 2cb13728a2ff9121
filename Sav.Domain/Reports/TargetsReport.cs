using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Data.Statements;

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

    /// <summary>The period's tickets with a target, by analyst, family and brand together: the lines done (met or missed)
    /// read from the reports' index and counted here (SQLite's GROUP BY over it took 420 ms for a year at a million
    /// tickets, reading its rows 86 ms), those still to do read with their deadlines (the open tickets only).</summary>
    private async Task<List<TargetGroup>> TargetGroupsAsync(Data.SavDbContext db, ReportPeriod period, DateTimeOffset now, CancellationToken ct)
    {
        var (start, end) = Range(period);
        await db.Database.OpenConnectionAsync(ct);
        var names = new ModelNames(db.Model, db.GetService<ISqlGenerationHelper>());
        var createdAt = names.Column<Tickets.Ticket>(nameof(Tickets.Ticket.CreatedAt));
        var counts = new Dictionary<(int?, int?, int?, int), int>();
        await using (var statements = PreparedStatements.For(db.Database.GetDbConnection()))
        {
            await statements.EachAsync($"SELECT \"AnalystId\", \"ProductFamilyId\", \"BrandId\", \"{DelayColumns.Targets}\" FROM \"Tickets\" " +
                $"WHERE \"CreatedAt\" >= {names.Placeholder("start")} AND \"CreatedAt\" < {names.Placeholder("end")}",
                row =>
                {
                    var outcome = (int)row.Int64(3)!.Value;
                    if (outcome == 0) return;
                    var key = ((int?)row.Int64(0), (int?)row.Int64(1), (int?)row.Int64(2), outcome);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                },
                new Argument("start", createdAt, start), new Argument("end", createdAt, end));
        }
        // The open ones, told by the index's columns before any row is read.
        var pending = await db.Tickets.Where(t => t.CreatedAt >= start && t.CreatedAt < end && EF.Property<long?>(t, DelayColumns.Close) == null
                && EF.Property<int>(t, DelayColumns.Targets) > 0)
            .Select(t => new { t.AnalystId, t.ProductFamilyId, t.BrandId, Outcome = EF.Property<int>(t, DelayColumns.Targets), t.AnswerDueAt, t.CloseDueAt, t.SlaPausedAt })
            .ToListAsync(ct);

        var rows = new Dictionary<(int?, int?, int?), TargetRow>();
        void Add(int? analyst, int? family, int? brand, TargetRow row) =>
            rows[(analyst, family, brand)] = rows.TryGetValue((analyst, family, brand), out var sum) ? sum.Add(row) : row;
        static int Is(DelayColumns.Outcome outcome, DelayColumns.Outcome wanted, int count) => outcome == wanted ? count : 0;
        foreach (var ((analyst, family, brand, outcome), count) in counts)
        {
            var (answer, close) = DelayColumns.Outcomes(outcome);
            Add(analyst, family, brand, new TargetRow(null, count,
                Is(answer, DelayColumns.Outcome.Met, count), Is(answer, DelayColumns.Outcome.Missed, count),
                Is(close, DelayColumns.Outcome.Met, count), Is(close, DelayColumns.Outcome.Missed, count)));
        }
        // Still to do: missed once past its deadline while the clock runs (the open ticket waits on nobody).
        foreach (var t in pending.Where(t => t.SlaPausedAt is null))
        {
            var (answer, close) = DelayColumns.Outcomes(t.Outcome);
            int Late(DelayColumns.Outcome outcome, DateTimeOffset? due) => outcome == DelayColumns.Outcome.Pending && due < now ? 1 : 0;
            Add(t.AnalystId, t.ProductFamilyId, t.BrandId,
                new TargetRow(null, 0, 0, Late(answer, t.AnswerDueAt), 0, Late(close, t.CloseDueAt)));
        }
        return rows.Select(r => new TargetGroup(r.Key.Item1, r.Key.Item2, r.Key.Item3, r.Value)).ToList();
    }
}
