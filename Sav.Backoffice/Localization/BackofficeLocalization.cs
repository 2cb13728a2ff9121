using Microsoft.AspNetCore.Localization;

namespace Sav.Backoffice.Localization;

/// <summary>French by default, English when the analyst picks it (a culture cookie). The browser's language is
/// not followed: the team works in French whatever its browsers say. A Blazor circuit keeps the culture of
/// the request that started it, so switching sets the cookie and reloads.</summary>
public static class BackofficeLocalization
{
    public static readonly string[] Cultures = ["fr", "en"];

    public static IHostApplicationBuilder AddBackofficeLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture", SwitchCulture).AllowAnonymous();
        return app;
    }

    private static IResult SwitchCulture(HttpContext http, string? c, string? returnUrl)
    {
        if (c is not null && Cultures.Contains(c))
        {
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    /// <summary>A path on this site ("/tickets"), never "//host" or "/\host" that browsers would follow elsewhere.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
