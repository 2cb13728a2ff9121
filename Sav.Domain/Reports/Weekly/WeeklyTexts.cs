using System.Globalization;
using System.Resources;

namespace Sav.Domain.Reports.Weekly;

/// <summary>The words of the weekly report, from WeeklyTexts.resx (French, the default) and WeeklyTexts.en.resx.</summary>
internal sealed class WeeklyTexts(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new(typeof(WeeklyTexts).FullName!, typeof(WeeklyTexts).Assembly);

    public static WeeklyTexts For(string? language) =>
        new(CultureInfo.GetCultureInfo(language?.Trim().ToLowerInvariant() == "en" ? "en-GB" : "fr-FR"));

    public CultureInfo Culture => culture;

    public string this[string key, params object[] values] =>
        string.Format(culture, Resources.GetString(key, culture) ?? throw new MissingManifestResourceException($"Weekly report text {key} is missing."), values);

    /// <summary>A delay as the « Délais » report shows it: hours under two days, days beyond.</summary>
    public string Duration(TimeSpan? span) => span is not { } s ? this["None"]
        : s.TotalHours < 48 ? this["Hours", s.TotalHours.ToString("0.#", culture)] : this["Days", s.TotalDays.ToString("0.#", culture)];
}
