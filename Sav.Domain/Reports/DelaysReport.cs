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

/// <summary>One ticket's groups and delays, in whole seconds, as the database works them out; its warranty and channel as
/// their enums' values (-1 for a value they lack).</summary>
internal readonly record struct DelayFact(int? Family, int? Brand, int? Analyst, int Warranty, int Channel, long? Answer, long? Close);

public sealed partial class ReportQueries
{
    public async Task<DelaysReport> DelaysAsync(ReportPeriod period, CancellationToken ct = default)
    {
        // Only the delays cross to the application, in seconds: a year at a million tickets is a third of a million rows.
        // The period's two halves and the period before (only compared as a whole: its delays alone) are read at once, each
        // on its own connection: on two cores the reads overlap (bench/ReportsBench: 550 → 330-415 ms for a year at a
        // million tickets).
        var parts = await Task.WhenAll(Halves(period).Select(h => DelayFactsAsync(h, groups: true, ct))
            .Append(DelayFactsAsync(period.Previous, groups: false, ct)));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var brands = await db.Brands.ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var analysts = await db.Analysts.ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        static string? Name(Dictionary<int, string> names, int id) => id == DelayTally.None ? null : names.GetValueOrDefault(id, $"#{id}");
        static string? EnumName<TEnum>(int value) where TEnum : struct, Enum => value >= 0 ? ((TEnum)(object)value).ToString() : null;

        var current = new DelayTally(byDimension: true);
        foreach (var part in parts[..^1]) current.AddRange(part);
        var previous = new DelayTally(byDimension: false);
        previous.AddRange(parts[^1]);
        var by = new Dictionary<DelayDimension, IReadOnlyList<DelayRow>>
        {
            [DelayDimension.Family] = current.Rows(DelayDimension.Family, id => Name(families, id)),
            [DelayDimension.Brand] = current.Rows(DelayDimension.Brand, id => Name(brands, id)),
            [DelayDimension.Analyst] = current.Rows(DelayDimension.Analyst, id => Name(analysts, id)),
            [DelayDimension.Warranty] = current.Rows(DelayDimension.Warranty, EnumName<Tickets.Warranty>),
            [DelayDimension.Channel] = current.Rows(DelayDimension.Channel, EnumName<Tickets.Channel>),
        };
        return new DelaysReport(period, current.Total.Row(null), previous.Total.Row(null), by);
    }

    /// <summary>The tickets opened in the period, each with its delays to the first answer and to the closing, read from
    /// the index the reports share (IX_Tickets_Opened) on a connection of its own, by the statements the opening writer
    /// uses: EF Core's materializer cost 3 µs a row (a second for a year at a million tickets), ADO.NET's reader 2. SQLite
    /// keeps instants as <see cref="Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter"/>
    /// numbers, always in UTC (see <see cref="TimeSlots"/>): ticks / 1000 above the low 11 bits.</summary>
    private Task<List<DelayFact>> DelayFactsAsync(ReportPeriod period, bool groups, CancellationToken ct) => Apart(async db =>
    {
        await db.Database.OpenConnectionAsync(ct);
        var names = new ModelNames(db.Model, db.GetService<ISqlGenerationHelper>());
        var createdAt = names.Column<Tickets.Ticket>(nameof(Tickets.Ticket.CreatedAt));
        // PostgreSQL: date_part's double rather than extract's numeric, 326 → 190 ms for a year at a million tickets.
        string Delay(string column) => db.IsSqlite
            ? $"((\"{column}\" >> 11) - (\"CreatedAt\" >> 11)) / 10000"
            : $"CAST(floor(date_part('epoch', \"{column}\" - \"CreatedAt\")) AS bigint)";
        // Numbers rather than text: no string made for each ticket.
        static string Code<TEnum>(string column) where TEnum : struct, Enum =>
            $"CASE \"{column}\"{string.Concat(Enum.GetNames<TEnum>().Select((n, i) => $" WHEN '{n}' THEN {i}"))} ELSE -1 END";
        var sql = "SELECT " + (groups
                ? $"\"ProductFamilyId\", \"BrandId\", \"AnalystId\", {Code<Tickets.Warranty>("Warranty")}, {Code<Tickets.Channel>("Channel")}, "
                : "") +
            $"{Delay("FirstAnsweredAt")}, {Delay("ClosedAt")} FROM \"Tickets\" " +
            $"WHERE \"CreatedAt\" >= {names.Placeholder("start")} AND \"CreatedAt\" < {names.Placeholder("end")}";

        var facts = new List<DelayFact>();
        await using var statements = PreparedStatements.For(db.Database.GetDbConnection());
        await statements.EachAsync(sql, row => facts.Add(groups
                ? new DelayFact((int?)row.Int64(0), (int?)row.Int64(1), (int?)row.Int64(2), (int)row.Int64(3)!.Value, (int)row.Int64(4)!.Value, row.Int64(5), row.Int64(6))
                : new DelayFact(null, null, null, 0, 0, row.Int64(0), row.Int64(1))),
            new Argument("start", createdAt, time.StartOf(period.From)), new Argument("end", createdAt, time.StartOf(period.To.AddDays(1))));
        return facts;
    }, ct);
}

/// <summary>Delays gathered in one pass over the facts: the total and, when asked, each group of each dimension.</summary>
internal sealed class DelayTally(bool byDimension)
{
    /// <summary>The key of « no family », « no brand », « no analyst ».</summary>
    public const int None = int.MinValue;

    public Group Total { get; } = new();
    private readonly Dictionary<int, Group>[] _groups = [.. Enumerable.Range(0, 5).Select(_ => new Dictionary<int, Group>())];

    public void AddRange(List<DelayFact> facts)
    {
        foreach (var fact in facts)
        {
            Total.Add(fact);
            if (!byDimension) continue;
            Add(DelayDimension.Family, fact.Family ?? None, fact);
            Add(DelayDimension.Brand, fact.Brand ?? None, fact);
            Add(DelayDimension.Analyst, fact.Analyst ?? None, fact);
            Add(DelayDimension.Warranty, fact.Warranty, fact);
            Add(DelayDimension.Channel, fact.Channel, fact);
        }
    }

    private void Add(DelayDimension dimension, int key, DelayFact fact)
    {
        ref var group = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_groups[(int)dimension], key, out _);
        (group ??= new Group()).Add(fact);
    }

    /// <summary>The rows of one dimension, the busiest group first.</summary>
    public List<DelayRow> Rows(DelayDimension dimension, Func<int, string?> name) =>
        _groups[(int)dimension].Select(g => g.Value.Row(name(g.Key))).OrderByDescending(r => r.Tickets).ThenBy(r => r.Key).ToList();

    public sealed class Group
    {
        private int _tickets;
        private readonly List<long> _answers = [];
        private readonly List<long> _closings = [];

        public void Add(DelayFact fact)
        {
            _tickets++;
            if (fact.Answer is { } answer) _answers.Add(answer);
            if (fact.Close is { } close) _closings.Add(close);
        }

        public DelayRow Row(string? key) => DelayTally.Row(key, _tickets, _answers, _closings);
    }

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
