using MudBlazor;

namespace Sav.Backoffice.Components.Layout;

/// <summary>MudBlazor's palette with the colours that carry white text darkened to reach the WCAG AA
/// contrast ratio (4.5:1): the defaults (pink secondary, bright green, blue and orange) do not.</summary>
public static class SavTheme
{
    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight
        {
            Secondary = "#c2185b",
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#b45309",
        },
    };
}
