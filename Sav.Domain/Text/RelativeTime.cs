namespace Sav.Domain.Text;

/// <summary>« il y a 3 mois »: how long ago something happened, as an analyst would say it.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset at, DateTimeOffset now, string language = "fr")
    {
        var english = language == "en";
        var span = now - at;
        var future = span < TimeSpan.Zero;
        if (future) span = span.Negate();

        if (span < TimeSpan.FromMinutes(1)) return english ? "just now" : "à l'instant";
        var (count, unit) = span switch
        {
            _ when span < TimeSpan.FromHours(1) => ((int)span.TotalMinutes, Unit.Minute),
            _ when span < TimeSpan.FromDays(1) => ((int)span.TotalHours, Unit.Hour),
            _ when span < TimeSpan.FromDays(7) => ((int)span.TotalDays, Unit.Day),
            _ when span < TimeSpan.FromDays(30) => ((int)(span.TotalDays / 7), Unit.Week),
            _ when span < TimeSpan.FromDays(365) => (Math.Max(1, (int)(span.TotalDays / 30.44)), Unit.Month),
            _ => ((int)(span.TotalDays / 365.25), Unit.Year),
        };
        if (count < 1) count = 1;

        if (unit == Unit.Day && count == 1)
            return future ? (english ? "tomorrow" : "demain") : (english ? "yesterday" : "hier");

        var words = english ? $"{count} {English(unit, count)}" : $"{count} {French(unit, count)}";
        return (future, english) switch
        {
            (false, false) => $"il y a {words}",
            (true, false) => $"dans {words}",
            (false, true) => $"{words} ago",
            (true, true) => $"in {words}",
        };
    }

    private enum Unit { Minute, Hour, Day, Week, Month, Year }

    private static string French(Unit unit, int count) => unit switch
    {
        Unit.Minute => count > 1 ? "minutes" : "minute",
        Unit.Hour => count > 1 ? "heures" : "heure",
        Unit.Day => count > 1 ? "jours" : "jour",
        Unit.Week => count > 1 ? "semaines" : "semaine",
        Unit.Month => "mois",
        _ => count > 1 ? "ans" : "an",
    };

    private static string English(Unit unit, int count) => unit.ToString().ToLowerInvariant() + (count > 1 ? "s" : "");
}
