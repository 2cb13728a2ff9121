using System.Globalization;
using Humanizer;

namespace Sav.Domain.Text;

/// <summary>« il y a 3 heures »: how long ago something happened, as an analyst would say it, in their language
/// (Humanizer's words, French unless English is asked).</summary>
public static class RelativeTime
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static string Format(DateTimeOffset at, DateTimeOffset now, string language = "fr") =>
        at.Humanize(now, language == "en" ? English : French);
}
