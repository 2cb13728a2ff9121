using System.Globalization;
using Microsoft.Extensions.Options;
using Sav.Domain.Tickets;

namespace Sav.Domain.Reports;

/// <summary>Days, ISO weeks and months as the team lives them (Sav:TimeZone): a day runs from one local midnight to
/// the next, 23 or 25 hours on the nights the clocks change, so that no day is split in two.</summary>
public sealed class TeamTime
{
    public TeamTime(IOptions<SavOptions> options, TimeProvider clock)
        : this(TryFind(options.Value.TimeZone) ?? throw new InvalidOperationException($"Unknown time zone {options.Value.TimeZone}."), clock) { }

    public TeamTime(TimeZoneInfo zone, TimeProvider clock)
    {
        Zone = zone;
        Clock = clock;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The zone of <c>Sav:TimeZone</c>'s default, for code that is given none.</summary>
    public static readonly TimeZoneInfo DefaultZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The zone a setting names, or <see cref="DefaultZone"/>.</summary>
    public static TimeZoneInfo ZoneOf(string? id) => TryFind(id) ?? DefaultZone;
    public TimeProvider Clock { get; }

    public static TimeZoneInfo? TryFind(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }

    public DateTimeOffset Now => Clock.GetUtcNow();
    public DateOnly Today => DateOf(Now);

    public DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The instant the local day begins; where midnight does not exist (a change at midnight), the first
    /// local minute after it.</summary>
    public DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);

    /// <summary>The instant a local day reaches a time of day; a time the clocks skip moves to the first one after it, a
    /// time they pass twice is its first occurrence.</summary>
    public DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        // An ambiguous time (a change back) is its first occurrence, the larger offset.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    public static string IsoWeek(DateOnly monday) =>
        $"{ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)):00}";
}
