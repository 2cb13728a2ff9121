using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Reports;

public enum DelayDimension { Family, Brand, Analyst, Warranty, Channel }

/// <summary>Delays of one group of tickets opened in the period: to the first mail from an analyst, and to the
/// closing, for those answered and closed (median and 90th percentile, nearest rank).</summary>
public sealed record DelayRow(string? Key, int Tickets, int Answered, TimeSpan? AnswerMedian, TimeSpan? AnswerP90,
    int Closed, TimeSpan? CloseMedian, TimeSpan? CloseP90);

public sealed record DelaysReport(ReportPeriod Period, DelayRow Total, DelayRow PreviousTotal,
    IReadOnlyDictionary<DelayDimension, IReadOnlyList<DelayRow>> By);

/// <summary>One ticket's groups and delays, in whole seconds, as the database works them out.</summary>
internal readonly record struct DelayFact(int? Family, int? Brand, int? Analyst, string Warranty, string Channel, long? Answer, long? Close);

public sealed partial class ReportQueries
{
    public async Task<DelaysReport> DelaysAsync(ReportPeriod period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Only the delays cross to the application, in seconds: a year at a million tickets is a third of a million rows.
        var current = await DelayFactsAsync(db, period, groups: true, ct);
        // The period before is only compared as a whole: its delays alone.
        var previous = await DelayFactsAsync(db, period.Previous, groups: false, ct);

        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var brands = await db.Brands.ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var analysts = await db.Analysts.ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        // No family, brand or analyst: a key of its own, named null as the rows say it.
        const int None = int.MinValue;
        static string? Name(Dictionary<int, string> names, int id) => id == None ? null : names.GetValueOrDefault(id, $"#{id}");

        var by = new Dictionary<DelayDimension, IReadOnlyList<DelayRow>>
        {
            [DelayDimension.Family] = Group(current, f => f.Family ?? None, id => Name(families, id)),
            [DelayDimension.Brand] = Group(current, f => f.Brand ?? None, id => Name(brands, id)),
            [DelayDimension.Analyst] = Group(current, f => f.Analyst ?? None, id => Name(analysts, id)),
            [DelayDimension.Warranty] = Group(current, f => f.Warranty, w => w),
            [DelayDimension.Channel] = Group(current, f => f.Channel, c => c),
        };
        return new DelaysReport(period, Row(null, current), Row(null, previous), by);
    }

    /// <summary>The tickets opened in the period, each with its delays to the first answer and to the closing, read from
    /// the index the reports share (IX_Tickets_Opened) with a plain reader: EF Core's materializer cost 3 µs a row, a
    /// second for a year at a million tickets. SQLite keeps instants as
    /// <see cref="Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter"/> numbers, always in
    /// UTC (see <see cref="TimeSlots"/>): ticks / 1000 above the low 11 bits.</summary>
    private async Task<List<DelayFact>> DelayFactsAsync(SavDbContext db, ReportPeriod period, bool groups, CancellationToken ct)
    {
        string Delay(string column) => db.IsSqlite
            ? $"((\"{column}\" >> 11) - (\"CreatedAt\" >> 11)) / 10000"
            : $"CAST(floor(extract(epoch from \"{column}\" - \"CreatedAt\")) AS bigint)";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + (groups ? "\"ProductFamilyId\", \"BrandId\", \"AnalystId\", \"Warranty\", \"Channel\", " : "") +
            $"{Delay("FirstAnsweredAt")}, {Delay("ClosedAt")} FROM \"Tickets\" WHERE \"CreatedAt\" >= @start AND \"CreatedAt\" < @end";
        foreach (var (name, at) in new[] { ("start", time.StartOf(period.From)), ("end", time.StartOf(period.To.AddDays(1))) })
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = ("@" + name, TimeSlots.Bound(db, at));
            command.Parameters.Add(parameter);
        }
        var facts = new List<DelayFact>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        int? Id(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
        long? Seconds(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        while (await reader.ReadAsync(ct))
            facts.Add(groups
                ? new DelayFact(Id(0), Id(1), Id(2), reader.GetString(3), reader.GetString(4), Seconds(5), Seconds(6))
                : new DelayFact(null, null, null, "", "", Seconds(0), Seconds(1)));
        return facts;
    }

    /// <summary>The rows of one dimension, in one pass over the facts, the busiest group first.</summary>
    private static List<DelayRow> Group<TKey>(List<DelayFact> facts, Func<DelayFact, TKey> key, Func<TKey, string?> name) where TKey : notnull
    {
        var groups = new Dictionary<TKey, (int Tickets, List<long> Answers, List<long> Closings)>();
        foreach (var fact in facts)
        {
            var k = key(fact);
            if (!groups.TryGetValue(k, out var group)) group = (0, [], []);
            if (fact.Answer is { } answer) group.Answers.Add(answer);
            if (fact.Close is { } close) group.Closings.Add(close);
            groups[k] = group with { Tickets = group.Tickets + 1 };
        }
        return groups.Select(g => Row(name(g.Key), g.Value.Tickets, g.Value.Answers, g.Value.Closings))
            .OrderByDescending(r => r.Tickets).ThenBy(r => r.Key).ToList();
    }

    private static DelayRow Row(string? key, List<DelayFact> facts) => Row(key, facts.Count,
        [.. facts.Where(f => f.Answer is not null).Select(f => f.Answer!.Value)], [.. facts.Where(f => f.Close is not null).Select(f => f.Close!.Value)]);

    private static DelayRow Row(string? key, int tickets, List<long> answers, List<long> closings) => new(key, tickets,
        answers.Count, NearestRank(answers, 0.5), NearestRank(answers, 0.9), closings.Count, NearestRank(closings, 0.5), NearestRank(closings, 0.9));

    /// <summary>Nearest rank: the smallest delay that at least <paramref name="p"/> of the tickets did not exceed. Found by
    /// selection, without sorting (the list's order changes).</summary>
    private static TimeSpan? NearestRank(List<long> seconds, double p)
    {
        if (seconds.Count == 0) return null;
        var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(seconds);
        var k = Math.Max(0, (int)Math.Ceiling(p * values.Length) - 1);
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            var pivot = values[left + (right - left) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i > j) break;
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else break;
        }
        return TimeSpan.FromSeconds(values[k]);
    }
}
