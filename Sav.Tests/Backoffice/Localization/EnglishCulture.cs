using System.Globalization;

namespace Sav.Tests.Backoffice.Localization;

/// <summary>Sets the culture for the current test's async flow and puts the previous one back on dispose.</summary>
public sealed class EnglishCulture : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public EnglishCulture() => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
