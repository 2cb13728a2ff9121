using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.RegularExpressions;
using Sav.Domain.Brands;

namespace Sav.Gateway.Forms.Pages;

/// <summary>How public pages are answered (<see cref="PublicPage"/> is their frame), and their stylesheet in the brand's colours.</summary>
public static partial class PageLayout
{
    /// <summary>A public page rendered from its component, with <paramref name="parameters"/> as its parameters.</summary>
    public static IResult Page<TPage>(int status, object parameters) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>The stylesheet in the brand's colours; colours that are not plain hex codes are ignored.</summary>
    public static string Css(Brand? brand)
    {
        var primary = SafeColor(brand?.PrimaryColor, "#1f4e79");
        var accent = SafeColor(brand?.AccentColor, "#f0a500");
        return $$"""
            :root { --primary: {{primary}}; --accent: {{accent}}; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f5f6f8; }
            header { background: var(--primary); color: #fff; padding: .75rem 1rem; text-align: center; }
            header .banner { max-width: 100%; max-height: 6rem; }
            header .brand { margin: 0; font-size: 1.25rem; font-weight: 600; }
            main { max-width: 40rem; margin: 0 auto; padding: 1rem; background: #fff; min-height: 100vh; }
            h1 { font-size: 1.5rem; color: var(--primary); margin-top: .5rem; }
            label { display: block; font-weight: 600; margin-top: 1rem; }
            .required { font-weight: 400; color: #555; }
            .hint { display: block; font-weight: 400; font-size: .9375rem; color: #555; }
            input, select, textarea { display: block; width: 100%; margin-top: .25rem; padding: .625rem; font: inherit;
              border: 1px solid #767676; border-radius: .375rem; background: #fff; }
            textarea { min-height: 8rem; resize: vertical; }
            input:focus, select:focus, textarea:focus, button:focus { outline: 3px solid var(--accent); outline-offset: 1px; }
            input[readonly] { background: #eef1f5; font-weight: 600; letter-spacing: .05em; }
            [aria-invalid="true"] { border: 2px solid #b00020; }
            .error { color: #b00020; font-weight: 600; margin: .25rem 0 0; }
            .summary { border: 2px solid #b00020; border-radius: .375rem; padding: .75rem 1rem; margin: 1rem 0; }
            button { margin-top: 1.5rem; width: 100%; padding: .875rem; font: inherit; font-weight: 700; color: #fff;
              background: var(--primary); border: 0; border-radius: .375rem; cursor: pointer; }
            .context { font-size: 1.5rem; font-weight: 700; letter-spacing: .08em; color: var(--primary); }
            .lang { margin: 0; text-align: right; }
            .lang a { color: var(--primary); }
            .upload { margin-top: 1rem; }
            .upload p { margin: 0 0 .25rem; font-weight: 600; }
            .upload progress { width: 100%; height: 1rem; accent-color: var(--primary); }
            .upload.failed p { color: #b00020; }
            .ratings { border: 1px solid #767676; border-radius: .375rem; margin: 1rem 0 0; padding: .5rem 1rem 1rem; }
            .ratings legend { font-weight: 600; padding: 0 .25rem; }
            .rating { display: flex; align-items: center; gap: .75rem; min-height: 3rem; margin-top: .25rem; font-weight: 400; }
            .rating input { width: 1.5rem; height: 1.5rem; margin: 0; }
            .thanks { border-left: 4px solid var(--accent); background: #f7f7f9; padding: .75rem 1rem; font-weight: 600; }
            .hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
            @media (min-width: 48rem) { main { margin-top: 1.5rem; min-height: auto; border-radius: .5rem; padding: 1.5rem 2rem; } }
            """;
    }

    public static string SafeColor(string? color, string fallback) => color is not null && HexColor().IsMatch(color) ? color : fallback;

    public static bool IsSafeImage(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.Scheme == Uri.UriSchemeHttps : url.StartsWith('/') && !url.StartsWith("//");

    [GeneratedRegex("^#[0-9a-fA-F]{3,8}$")]
    private static partial Regex HexColor();
}
