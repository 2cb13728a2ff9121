using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sav.Domain.Data;

namespace Sav.Domain.Reports;

/// <summary>
/// Counts rows per local day from an indexed timestamp. The database groups by quarter of an hour in UTC (every
/// time zone's offset is a whole number of quarters), and each quarter is given to its local day here: neither
/// SQLite nor a portable SQL knows the team's time zone, and a year is at most 35,000 groups, not a row per ticket.
/// SQLite stores instants as <see cref="DateTimeOffsetToBinaryConverter"/> numbers (ticks / 1000, shifted 11 bits,
/// offset in the low bits, always 0 here since every instant is written in UTC); PostgreSQL as timestamptz.
/// </summary>
internal static class TimeSlots
{
    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);
    private static readonly long SqliteSlot = Slot.Ticks / 1000 << 11;
    private static readonly DateTimeOffsetToBinaryConverter Binary = new();

    public sealed class SlotCount
    {
        public long Slot { get; set; }
        public long Count { get; set; }
    }

    /// <param name="table">A table of the model, quoted as the migrations name it.</param>
    /// <param name="filter">A constant condition, e.g. <c>"Kind" = 'Closed'</c>, or null.</param>
    public static async Task<Dictionary<DateOnly, int>> PerDayAsync(SavDbContext db, TeamTime time, string table, string column,
        string? filter, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = time.StartOf(from);
        var end = time.StartOf(to.AddDays(1));
        var where = filter is null ? "" : $" AND {filter}";
        var slot = db.IsSqlite
            ? $"\"{column}\" / {SqliteSlot}"
            : $"CAST(floor(extract(epoch from \"{column}\") / {Slot.TotalSeconds}) AS bigint)";
        var sql = $"SELECT {slot} AS \"Slot\", COUNT(*) AS \"Count\" FROM \"{table}\" " +
                  $"WHERE \"{column}\" >= {{0}} AND \"{column}\" < {{1}}{where} GROUP BY 1";
        var rows = await db.Database.SqlQueryRaw<SlotCount>(sql, Bound(db, start), Bound(db, end)).ToListAsync(ct);

        var days = new Dictionary<DateOnly, int>();
        foreach (var row in rows)
        {
            var at = db.IsSqlite
                ? new DateTimeOffset(row.Slot * Slot.Ticks, TimeSpan.Zero)
                : DateTimeOffset.UnixEpoch + row.Slot * Slot;
            var day = time.DateOf(at);
            days[day] = days.GetValueOrDefault(day) + (int)row.Count;
        }
        return days;
    }

    private static object Bound(SavDbContext db, DateTimeOffset at) => db.IsSqlite ? Binary.ConvertToProvider(at)! : at.ToUniversalTime();
}
