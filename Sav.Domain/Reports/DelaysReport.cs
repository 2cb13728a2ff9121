using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Data.Statements;

namespace Sav.Domain.Reports;

public enum DelayDimension { Family, Brand, Analyst, Warranty, Channel }

/// <summary>Delays of one group of tickets opened in the period: to the first mail from an analyst, and to the
/// closing, for those answered and closed (median and 90th percentile, nearest rank).</summary>
public sealed record DelayRow(string? Key, int Tickets, int Answered, TimeSpan? AnswerMedian, TimeSpan? AnswerP90,
    int Closed, TimeSpan? CloseMedian, TimeSpan? CloseP90);

public sealed record DelaysReport(ReportPeriod Period, DelayRow Total, DelayRow PreviousTotal,
    IReadOnlyDictionary<DelayDimension, IReadOnlyList<DelayRow>> By);

/// <summary>One ticket's groups (<see cref="DelayTally.None"/> for none) and delays in whole seconds
/// (<see cref="DelayTally.NoDelay"/> while not answered or not closed); its warranty and channel as their enums' values (-1
/// for a value they lack).</summary>
internal readonly record struct DelayFact(int Family, int Brand, int Analyst, int Warranty, int Channel, long Answer, long Close);

public sealed partial class ReportQueries
{
    public async Task<DelaysReport> DelaysAsync(ReportPeriod period, CancellationToken ct = default)
    {
        // Only the delays cross to the application, in seconds: a year at a million tickets is a third of a million rows.
        // The period's two halves and the period before (only compared as a whole: its delays alone, tallied as soon as
        // read) are read at once, each on its own connection: on two cores the reads overlap.
        var halves = Halves(period).Select(h => DelayFactsAsync(h, groups: true, ct)).ToArray();
        var before = Task.Run(async () => new DelayTally([await DelayFactsAsync(period.Previous, groups: false, ct)], byDimension: false), ct);
        var current = new DelayTally(await Task.WhenAll(halves), byDimension: true);
        var previous = await before;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var brands = await db.Brands.ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var analysts = await db.Analysts.ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        static string? Name(Dictionary<int, string> names, int id) => id == DelayTally.None ? null : names.GetValueOrDefault(id, $"#{id}");
        static string? EnumName<TEnum>(int value) where TEnum : struct, Enum => value >= 0 ? ((TEnum)(object)value).ToString() : null;

        var by = new Dictionary<DelayDimension, IReadOnlyList<DelayRow>>
        {
            [DelayDimension.Family] = current.Rows(DelayDimension.Family, id => Name(families, id)),
            [DelayDimension.Brand] = current.Rows(DelayDimension.Brand, id => Name(brands, id)),
            [DelayDimension.Analyst] = current.Rows(DelayDimension.Analyst, id => Name(analysts, id)),
            [DelayDimension.Warranty] = current.Rows(DelayDimension.Warranty, EnumName<Tickets.Warranty>),
            [DelayDimension.Channel] = current.Rows(DelayDimension.Channel, EnumName<Tickets.Channel>),
        };
        return new DelaysReport(period, current.Total, previous.Total, by);
    }

    /// <summary>The tickets opened in the period, each with its delays to the first answer and to the closing, read from
    /// the index the reports share (IX_Tickets_Opened, with <see cref="DelayColumns"/>) on a connection of its own, by the
    /// statements the opening writer uses: EF Core's materializer cost 3 µs a row (a second for a year at a million
    /// tickets), ADO.NET's reader 2.</summary>
    private Task<List<DelayFact>> DelayFactsAsync(ReportPeriod period, bool groups, CancellationToken ct) => Apart(async db =>
    {
        await db.Database.OpenConnectionAsync(ct);
        var names = new ModelNames(db.Model, db.GetService<ISqlGenerationHelper>());
        var createdAt = names.Column<Tickets.Ticket>(nameof(Tickets.Ticket.CreatedAt));
        var sql = "SELECT " + (groups ? $"\"ProductFamilyId\", \"BrandId\", \"AnalystId\", \"{DelayColumns.Kinds}\", " : "") +
            $"\"{DelayColumns.Answer}\", \"{DelayColumns.Close}\" FROM \"Tickets\" " +
            $"WHERE \"CreatedAt\" >= {names.Placeholder("start")} AND \"CreatedAt\" < {names.Placeholder("end")}";

        var facts = new List<DelayFact>();
        await using var statements = PreparedStatements.For(db.Database.GetDbConnection());
        await statements.EachAsync(sql, row =>
            {
                if (!groups)
                {
                    facts.Add(new DelayFact(0, 0, 0, 0, 0, row.Int64(0) ?? DelayTally.NoDelay, row.Int64(1) ?? DelayTally.NoDelay));
                    return;
                }
                var (warranty, channel) = DelayColumns.Decode(row.Int64(3)!.Value);
                facts.Add(new DelayFact(Group(row.Int64(0)), Group(row.Int64(1)), Group(row.Int64(2)), warranty, channel,
                    row.Int64(4) ?? DelayTally.NoDelay, row.Int64(5) ?? DelayTally.NoDelay));
            },
            new Argument("start", createdAt, time.StartOf(period.From)), new Argument("end", createdAt, time.StartOf(period.To.AddDays(1))));
        return facts;
    }, ct);

    private static int Group(long? id) => id is { } value ? (int)value : DelayTally.None;
}

/// <summary>
/// The delays of the tickets read, gathered at once: the total and, when asked, each group of each dimension (median and
/// 90th percentile by nearest rank: the smallest delay that at least that share of the group did not exceed). Each kind of
/// delay is sorted once with its tickets' positions; walking it in order, a group's percentile is the delay at which the
/// group's count reaches its rank. One list per group, each searched by selection, cost 180 ms for a year at a million
/// tickets.
/// </summary>
internal sealed class DelayTally
{
    /// <summary>The key of « no family », « no brand », « no analyst ».</summary>
    public const int None = int.MinValue;

    /// <summary>A ticket not answered or not closed.</summary>
    public const long NoDelay = long.MinValue;

    private readonly Grouping _total;
    private readonly Dictionary<DelayDimension, Grouping> _by = [];

    public DelayTally(IEnumerable<List<DelayFact>> parts, bool byDimension)
    {
        var facts = parts.SelectMany(p => p).ToArray();
        _total = new Grouping(facts, _ => 0);
        if (byDimension)
        {
            _by[DelayDimension.Family] = new Grouping(facts, f => f.Family);
            _by[DelayDimension.Brand] = new Grouping(facts, f => f.Brand);
            _by[DelayDimension.Analyst] = new Grouping(facts, f => f.Analyst);
            _by[DelayDimension.Warranty] = new Grouping(facts, f => f.Warranty);
            _by[DelayDimension.Channel] = new Grouping(facts, f => f.Channel);
        }
        Grouping[] all = [_total, .. _by.Values];
        Parallel.Invoke(() => Rank(facts, all, close: false), () => Rank(facts, all, close: true));
    }

    public DelayRow Total => _total.Keys.Count == 0 ? new DelayRow(null, 0, 0, null, null, 0, null, null) : _total.Row(0, null);

    /// <summary>The rows of one dimension, the busiest group first.</summary>
    public List<DelayRow> Rows(DelayDimension dimension, Func<int, string?> name)
    {
        var grouping = _by[dimension];
        return grouping.Keys.Select((key, g) => grouping.Row(g, name(key)))
            .OrderByDescending(r => r.Tickets).ThenBy(r => r.Key).ToList();
    }

    private static void Rank(DelayFact[] facts, Grouping[] groupings, bool close)
    {
        var count = 0;
        foreach (var fact in facts) if ((close ? fact.Close : fact.Answer) != NoDelay) count++;
        var delays = new long[count];
        var positions = new int[count];
        for (int i = 0, j = 0; i < facts.Length; i++)
        {
            var delay = close ? facts[i].Close : facts[i].Answer;
            if (delay == NoDelay) continue;
            delays[j] = delay;
            positions[j++] = i;
        }
        SortByDelay(delays, positions);

        foreach (var grouping in groupings)
        {
            var stats = grouping.Stats;
            var (median, p90) = (new int[stats.Length], new int[stats.Length]);
            for (var g = 0; g < stats.Length; g++)
            {
                var n = close ? stats[g].Closed : stats[g].Answered;
                (median[g], p90[g]) = (NearestRank(n, 0.5), NearestRank(n, 0.9));
            }
            var seen = new int[stats.Length];
            for (var j = 0; j < count; j++)
            {
                var g = grouping.Of[positions[j]];
                var rank = seen[g]++;
                if (rank == median[g]) stats[g].Median(close, delays[j]);
                if (rank == p90[g]) stats[g].P90(close, delays[j]);
            }
        }
    }

    /// <summary>Sorts the delays with their tickets' positions: least significant digit first, 11 bits at a time, as many
    /// passes as the delays' range needs (three for 60 years in seconds). Délais for a year at a million tickets, seven
    /// calls: 407-475 ms with Array.Sort, 326-515 with this (medians 426 and 381).</summary>
    private static void SortByDelay(long[] delays, int[] positions)
    {
        if (delays.Length < 2) return;
        var (min, max) = (delays[0], delays[0]);
        foreach (var delay in delays) (min, max) = (Math.Min(min, delay), Math.Max(max, delay));
        var range = (ulong)(max - min);
        var (fromDelays, fromPositions) = (delays, positions);
        var (toDelays, toPositions) = (new long[delays.Length], new int[delays.Length]);
        var counts = new int[2049];
        for (var shift = 0; shift < 64 && range >> shift != 0; shift += 11)
        {
            Array.Clear(counts);
            foreach (var delay in fromDelays) counts[Digit(delay, min, shift) + 1]++;
            for (var d = 1; d < counts.Length; d++) counts[d] += counts[d - 1];
            for (var i = 0; i < fromDelays.Length; i++)
            {
                var at = counts[Digit(fromDelays[i], min, shift)]++;
                (toDelays[at], toPositions[at]) = (fromDelays[i], fromPositions[i]);
            }
            (fromDelays, fromPositions, toDelays, toPositions) = (toDelays, toPositions, fromDelays, fromPositions);
        }
        if (fromDelays != delays)
        {
            fromDelays.CopyTo(delays, 0);
            fromPositions.CopyTo(positions, 0);
        }

        static int Digit(long delay, long min, int shift) => (int)(((ulong)(delay - min) >> shift) & 2047);
    }

    private static int NearestRank(int count, double p) => Math.Max(0, (int)Math.Ceiling(p * count) - 1);

    /// <summary>The facts in the groups of one dimension: each fact's group, each group's key and figures.</summary>
    private sealed class Grouping
    {
        public readonly int[] Of;
        public readonly List<int> Keys = [];
        public readonly Figures[] Stats;
        private const int Slots = 4096;

        public Grouping(DelayFact[] facts, Func<DelayFact, int> key)
        {
            // Groups by a table of the keys Sav gives (small ids, -1 and « none »), a dictionary for the others. Délais
            // for a year at a million tickets with dictionaries alone: 371-479 ms, median 444 (381 with the table).
            Of = new int[facts.Length];
            var slots = new int[Slots];
            Array.Fill(slots, -1);
            var others = new Dictionary<int, int>();
            for (var i = 0; i < facts.Length; i++)
            {
                var k = key(facts[i]);
                var slot = k == None ? 0 : k is >= -1 and < Slots - 2 ? k + 2 : -1;
                var known = false;
                ref var g = ref slot >= 0 ? ref slots[slot]
                    : ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(others, k, out known);
                if (slot >= 0 ? g < 0 : !known)
                {
                    g = Keys.Count;
                    Keys.Add(k);
                }
                Of[i] = g;
            }
            Stats = new Figures[Keys.Count];
            for (var i = 0; i < facts.Length; i++)
            {
                ref var stats = ref Stats[Of[i]];
                stats.Tickets++;
                if (facts[i].Answer != NoDelay) stats.Answered++;
                if (facts[i].Close != NoDelay) stats.Closed++;
            }
        }

        public DelayRow Row(int g, string? key)
        {
            var s = Stats[g];
            return new DelayRow(key, s.Tickets, s.Answered, Seconds(s.Answered, s.AnswerMedian), Seconds(s.Answered, s.AnswerP90),
                s.Closed, Seconds(s.Closed, s.CloseMedian), Seconds(s.Closed, s.CloseP90));
        }

        private static TimeSpan? Seconds(int count, long seconds) => count == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    private struct Figures
    {
        public int Tickets, Answered, Closed;
        public long AnswerMedian, AnswerP90, CloseMedian, CloseP90;

        public void Median(bool close, long delay) => _ = close ? CloseMedian = delay : AnswerMedian = delay;
        public void P90(bool close, long delay) => _ = close ? CloseP90 = delay : AnswerP90 = delay;
    }
}
