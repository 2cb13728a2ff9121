using Microsoft.Extensions.Options;

namespace Sav.Domain.Sla;

/// <summary><c>Sav:WorkingHours</c>: when the team works, in <c>Sav:TimeZone</c>. Response targets count only this time.</summary>
public sealed class WorkingHoursOptions
{
    public const string Section = "Sav:WorkingHours";

    /// <summary>The working days, in English, separated by commas.</summary>
    public string Days { get; set; } = "Monday,Tuesday,Wednesday,Thursday,Friday";
    public TimeOnly Start { get; set; } = new(9, 0);
    public TimeOnly End { get; set; } = new(18, 0);
    /// <summary>France (its eleven public holidays, Easter's computed) or None.</summary>
    public string Holidays { get; set; } = "France";
}

/// <summary>The team's working time: its days and hours in its time zone (a day of a clock change is as long as its
/// hours say: 09:00–18:00 is nine hours on either), without France's public holidays.</summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeOnly _start, _end;
    private readonly bool _frenchHolidays;

    public WorkingCalendar(IOptions<WorkingHoursOptions> options, IOptions<Tickets.SavOptions>? sav = null)
        : this(options.Value, Reports.TeamTime.ZoneOf(sav?.Value.TimeZone)) { }

    public WorkingCalendar(WorkingHoursOptions options, TimeZoneInfo zone)
    {
        Zone = zone;
        _days = options.Days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToHashSet();
        (_start, _end) = (options.Start, options.End);
        if (_days.Count == 0 || _end <= _start) throw new ArgumentException("Sav:WorkingHours needs at least one day and an end after its start.");
        _frenchHolidays = string.Equals(options.Holidays, "France", StringComparison.OrdinalIgnoreCase);
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The settings' defaults: Monday to Friday, 09:00–18:00 in Paris, without France's public holidays.</summary>
    public static WorkingCalendar Default { get; } = new(new WorkingHoursOptions(), Reports.TeamTime.DefaultZone);

    /// <summary>The length of a working day.</summary>
    public TimeSpan Day => _end - _start;

    public bool IsWorkingDay(DateOnly day) => _days.Contains(day.DayOfWeek) && !(_frenchHolidays && Holidays.GetOrAdd(day.Year, FrenchHolidays).Contains(day));

    /// <summary>Each year's holidays, worked out once: a ticket open for months walks its days at every evaluation.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<DateOnly>> Holidays = new();

    /// <summary>The working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        for (var day = LocalDay(from); day <= LocalDay(to); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day)) continue;
            var (open, close) = Hours(day);
            var start = from > open ? from : open;
            var end = to < close ? to : close;
            if (end > start) total += end - start;
        }
        return total;
    }

    /// <summary>The instant when <paramref name="work"/> of working time has passed since <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan work)
    {
        var left = work;
        // Ten years of days at most: a calendar with no working day left would loop for ever.
        for (var (day, i) = (LocalDay(from), 0); i < 3660; day = day.AddDays(1), i++)
        {
            if (!IsWorkingDay(day)) continue;
            var (open, close) = Hours(day);
            var start = from > open ? from : open;
            if (start >= close) continue;
            if (close - start >= left) return start + left;
            left -= close - start;
        }
        throw new InvalidOperationException("No working time within ten years: check Sav:WorkingHours.");
    }

    private DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The day's opening and closing, as instants: the local times read in the zone's offset of that moment.</summary>
    private (DateTimeOffset Open, DateTimeOffset Close) Hours(DateOnly day) => (At(day, _start), At(day, _end));

    private DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        // A time skipped by a clock change (02:30 on the spring night) is read an hour later.
        while (Zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>France's public holidays: eight fixed days, Easter Monday, Ascension Thursday and Whit Monday.</summary>
    public static IReadOnlySet<DateOnly> FrenchHolidays(int year)
    {
        var easter = EasterSunday(year);
        return new HashSet<DateOnly>
        {
            new(year, 1, 1), new(year, 5, 1), new(year, 5, 8), new(year, 7, 14), new(year, 8, 15), new(year, 11, 1), new(year, 11, 11),
            new(year, 12, 25), easter.AddDays(1), easter.AddDays(39), easter.AddDays(50),
        };
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
