using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Reports;

public sealed record VolumeRow(Bucket Bucket, int Opened, int Closed, int Reopened);

public sealed record VolumeTotals(int Opened, int Closed, int Reopened);

public sealed record VolumeReport(ReportPeriod Period, IReadOnlyList<VolumeRow> Rows, VolumeTotals Totals, VolumeTotals Previous);

public enum AgeBucket { UnderOneDay, OneToThreeDays, ThreeToSevenDays, SevenToThirtyDays, OverThirtyDays }

public sealed record StockRow(string StatusCode, string StatusLabel, StatusCategory Category, IReadOnlyList<int> ByAge)
{
    public int Total => ByAge.Sum();
}

public sealed record StockReport(DateTimeOffset At, IReadOnlyList<StockRow> Rows)
{
    public IReadOnlyList<int> ByAge => Enumerable.Range(0, 5).Select(i => Rows.Sum(r => r.ByAge[i])).ToList();
}

/// <summary>The team's reports, each computed from indexed columns: openings from the tickets' creation time,
/// closings and reopenings from the milestones, the stock from the status index.</summary>
public sealed partial class ReportQueries(IDbContextFactory<SavDbContext> dbFactory, TeamTime time)
{
    public TeamTime Time => time;

    public async Task<VolumeReport> VolumeAsync(ReportPeriod period, CancellationToken ct = default)
    {
        var from = period.Previous.From;
        // The three counts at once (PostgreSQL: some 200 ms each for two years at a million tickets).
        Task<Dictionary<DateOnly, int>> PerDay(string table, string column, string? filter) =>
            Apart(db => TimeSlots.PerDayAsync(db, time, table, column, filter, from, period.To, ct), ct);
        var counts = await Task.WhenAll(PerDay("Tickets", "CreatedAt", null), PerDay("TicketMilestones", "At", "\"Kind\" = 'Closed'"),
            PerDay("TicketMilestones", "At", "\"Kind\" = 'Reopened'"));
        var (opened, closed, reopened) = (counts[0], counts[1], counts[2]);

        var rows = period.Buckets().Select(b => new VolumeRow(b,
            Sum(opened, b.Start, b.End), Sum(closed, b.Start, b.End), Sum(reopened, b.Start, b.End))).ToList();
        var totals = new VolumeTotals(rows.Sum(r => r.Opened), rows.Sum(r => r.Closed), rows.Sum(r => r.Reopened));
        var before = period.Previous;
        var previous = new VolumeTotals(Sum(opened, before.From, before.To), Sum(closed, before.From, before.To),
            Sum(reopened, before.From, before.To));
        return new VolumeReport(period, rows, totals, previous);
    }

    /// <summary>A query on a connection of its own, run on the pool: queries started together overlap on two cores (a
    /// year at a million tickets is read in about half the time).</summary>
    private Task<T> Apart<T>(Func<SavDbContext, Task<T>> query, CancellationToken ct) => Task.Run(async () =>
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(db);
    }, ct);

    /// <summary>The period in two halves, to be read apart (a day stays whole).</summary>
    private static ReportPeriod[] Halves(ReportPeriod period) => period.Days < 2 ? [period]
        : [period with { To = period.From.AddDays(period.Days / 2 - 1) }, period with { From = period.From.AddDays(period.Days / 2) }];

    private static int Sum(Dictionary<DateOnly, int> days, DateOnly from, DateOnly to)
    {
        var total = 0;
        for (var day = from; day <= to; day = day.AddDays(1)) total += days.GetValueOrDefault(day);
        return total;
    }

    /// <summary>Open tickets now, by status and by age since opening: under a day, 1–3, 3–7, 7–30, over 30 days.</summary>
    public async Task<StockReport> StockAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.Now;
        var (d1, d3, d7, d30) = (now.AddDays(-1), now.AddDays(-3), now.AddDays(-7), now.AddDays(-30));
        var groups = await db.Tickets.Where(t => t.Status.Category != StatusCategory.Closed)
            .GroupBy(t => new
            {
                t.StatusId,
                Age = t.CreatedAt > d1 ? 0 : t.CreatedAt > d3 ? 1 : t.CreatedAt > d7 ? 2 : t.CreatedAt > d30 ? 3 : 4,
            })
            .Select(g => new { g.Key.StatusId, g.Key.Age, Count = g.Count() })
            .ToListAsync(ct);
        var statuses = await db.Statuses.AsNoTracking().Where(s => s.Category != StatusCategory.Closed)
            .OrderBy(s => s.Order).ToListAsync(ct);
        var rows = statuses.Select(s =>
        {
            var ages = new int[5];
            foreach (var g in groups.Where(g => g.StatusId == s.Id)) ages[g.Age] += g.Count;
            return new StockRow(s.Code, s.Label, s.Category, ages);
        }).Where(r => r.Total > 0 || statuses.Count <= 20).ToList();
        return new StockReport(now, rows);
    }
}
