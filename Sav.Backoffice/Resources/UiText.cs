using System.Globalization;
using System.Resources;

namespace Sav.Backoffice.Resources;

/// <summary>The backoffice's words: French in UiText.resx, English in UiText.en.resx. Components inject
/// <c>IStringLocalizer&lt;UiText&gt;</c>; static helpers such as <c>Labels</c> call <see cref="Get"/>.</summary>
public sealed class UiText
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>Why a change to reference data was refused, in <paramref name="culture"/> (the command line speaks English).</summary>
    public static string Refused(Sav.Domain.Admin.ReferenceDataException e, CultureInfo culture) =>
        string.Format(culture, Resources.GetString("Reference.Problem." + e.Problem, culture) ?? e.Problem.ToString(), e.Subject ?? "");

    /// <summary>"en" or "fr": the language of the current request or circuit, for domain texts that know both.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fr";
}
