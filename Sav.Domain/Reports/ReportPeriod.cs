using System.Globalization;

namespace Sav.Domain.Reports;

public enum Grain { Day, Week, Month }

public enum PeriodPreset { ThisMonth, LastMonth, ThisQuarter, ThisYear, Range }

/// <summary>Why a period from a query string cannot be used; the pages say it in the analyst's language.</summary>
/// <remarks><see cref="TooLongByDay"/>: over two years by day (by week or month it may go to ten); <see cref="TooLong"/>:
/// over ten years.</remarks>
public enum PeriodError { BadDate, FromAfterTo, TooLong, TooLongByDay, BadGrain, BadPreset }

/// <summary>One row of a report over time: a day, an ISO week (from Monday) or a month, clipped to the period.</summary>
/// <param name="Label">The bucket's key in the CSV: ISO day, ISO week or year-month.</param>
public sealed record Bucket(DateOnly Start, DateOnly End, string Label)
{
    /// <summary>What the page shows: « lun. 1 déc. » for a day, « 30 nov. – 6 déc. » for a week, « décembre 2026 » for a
    /// month, in the reader's language.</summary>
    public string Display(CultureInfo culture) =>
        Start == End ? Start.ToString("ddd d MMM", culture)
        : Start.Day == 1 && End == new DateOnly(Start.Year, Start.Month, 1).AddMonths(1).AddDays(-1) ? Start.ToString("MMMM yyyy", culture)
        : $"{Start.ToString("d MMM", culture)} – {End.ToString("d MMM", culture)}";
}

/// <summary>A period of whole local days, both ends included, compared with the period of the same length just before.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To, Grain By = Grain.Day, PeriodPreset Preset = PeriodPreset.Range)
{
    /// <summary>By day, two years: enough to compare a year with the one before, and some 730 rows on a page.</summary>
    public const int MaxDaysByDay = 731;

    /// <summary>By week or month, ten years (« volume par mois depuis 2016 »): at most 120 months or 523 weeks on a page.</summary>
    public const int MaxDays = 3653;

    /// <summary>The longest period a grain may show: the bound is on the rows of a page, not on the days.</summary>
    public static int MaxDaysFor(Grain by) => by == Grain.Day ? MaxDaysByDay : MaxDays;

    public int Days => To.DayNumber - From.DayNumber + 1;

    public ReportPeriod Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1), Preset = PeriodPreset.Range };

    public static ReportPeriod ForPreset(PeriodPreset preset, DateOnly today, Grain by = Grain.Day)
    {
        var month = TeamTime.MonthStart(today);
        var quarter = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        var (from, to) = preset switch
        {
            PeriodPreset.ThisMonth => (month, today),
            PeriodPreset.LastMonth => (month.AddMonths(-1), month.AddDays(-1)),
            PeriodPreset.ThisQuarter => (quarter, today),
            PeriodPreset.ThisYear => (new DateOnly(today.Year, 1, 1), today),
            _ => (month, today),
        };
        return new ReportPeriod(from, to, by, preset);
    }

    /// <summary>Reads <c>period=this-month|last-month|this-quarter|this-year</c> or <c>from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>,
    /// and <c>by=day|week|month</c>; nothing at all is this month by day.</summary>
    public static (ReportPeriod? Period, PeriodError? Error) Parse(string? period, string? from, string? to, string? by, DateOnly today)
    {
        Grain grain;
        switch (by?.Trim().ToLowerInvariant())
        {
            case null or "" or "day": grain = Grain.Day; break;
            case "week": grain = Grain.Week; break;
            case "month": grain = Grain.Month; break;
            default: return (null, PeriodError.BadGrain);
        }
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            var preset = period?.Trim().ToLowerInvariant() switch
            {
                null or "" or "this-month" => PeriodPreset.ThisMonth,
                "last-month" => PeriodPreset.LastMonth,
                "this-quarter" => PeriodPreset.ThisQuarter,
                "this-year" => PeriodPreset.ThisYear,
                _ => (PeriodPreset?)null,
            };
            return preset is { } p ? (ForPreset(p, today, grain), null) : (null, PeriodError.BadPreset);
        }
        if (!TryDate(from, out var start) || !TryDate(to, out var end)) return (null, PeriodError.BadDate);
        if (start > end) return (null, PeriodError.FromAfterTo);
        var range = new ReportPeriod(start, end, grain);
        if (range.Days > MaxDays) return (null, PeriodError.TooLong);
        return range.Days > MaxDaysFor(grain) ? (null, PeriodError.TooLongByDay) : (range, null);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        && date.Year is >= 2000 and <= 2100;

    public string QueryString => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&by={By.ToString().ToLowerInvariant()}";

    /// <summary>The bucket a local day falls in.</summary>
    public DateOnly BucketOf(DateOnly day)
    {
        var start = By switch { Grain.Week => TeamTime.WeekStart(day), Grain.Month => TeamTime.MonthStart(day), _ => day };
        return start < From ? From : start;
    }

    public IReadOnlyList<Bucket> Buckets()
    {
        var list = new List<Bucket>();
        for (var start = From; start <= To;)
        {
            var next = By switch
            {
                Grain.Week => TeamTime.WeekStart(start).AddDays(7),
                Grain.Month => TeamTime.MonthStart(start).AddMonths(1),
                _ => start.AddDays(1),
            };
            var end = next.AddDays(-1) > To ? To : next.AddDays(-1);
            var label = By switch
            {
                Grain.Week => TeamTime.IsoWeek(TeamTime.WeekStart(start)),
                Grain.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                _ => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            list.Add(new Bucket(start, end, label));
            start = next;
        }
        return list;
    }
}
