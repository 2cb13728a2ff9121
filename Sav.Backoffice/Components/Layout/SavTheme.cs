using System.Globalization;
using MudBlazor;

namespace Sav.Backoffice.Components.Layout;

/// <summary>The backoffice in the white label's colours (its default brand's primary colour, as the sign-in page, the
/// mails and the public forms), over MudBlazor's palette with the colours that carry white text darkened to reach the
/// WCAG AA contrast ratio (4.5:1): the defaults (pink secondary, bright green, blue and orange) do not.</summary>
public static class SavTheme
{
    public const string DefaultPrimary = "#1f4e79";

    public static readonly MudTheme Light = For(DefaultPrimary);

    /// <summary>The theme for a brand colour; one white text cannot be read on (or that is not a colour) gives the
    /// default blue.</summary>
    public static MudTheme For(string? primary)
    {
        var colour = Readable(primary) ? primary! : DefaultPrimary;
        return new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = colour,
                AppbarBackground = colour,
                Secondary = "#c2185b",
                Success = "#2e7d32",
                Info = "#1565c0",
                Warning = "#b45309",
            },
        };
    }

    /// <summary>A #rrggbb colour on which white text reaches 4.5:1.</summary>
    public static bool Readable(string? colour)
    {
        if (colour is not { Length: 7 } || colour[0] != '#' || !int.TryParse(colour[1..], NumberStyles.HexNumber, null, out var rgb)) return false;
        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(rgb >> 16 & 255) + 0.7152 * Channel(rgb >> 8 & 255) + 0.0722 * Channel(rgb & 255);
        return 1.05 / (luminance + 0.05) >= 4.5;
    }
}
