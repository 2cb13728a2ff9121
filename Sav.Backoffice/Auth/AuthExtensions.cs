using Sav.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;

namespace Sav.Backoffice.Auth;

public static class AuthExtensions
{
    /// <summary>A cookie for signed-in analysts; every endpoint requires one unless it says otherwise.</summary>
    public static IHostApplicationBuilder AddBackofficeAuth(this IHostApplicationBuilder builder)
    {
        builder.AddSharedKeyRing("Sav.Backoffice");
        builder.Services.AddAuthentication(AnalystClaims.Scheme)
            .AddCookie(AnalystClaims.Scheme, o =>
            {
                o.Cookie.Name = "sav.backoffice";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = StillActiveAsync;
            })
            .AddGoogleSignIn(builder);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AnalystClaims.Scheme).RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, ActiveAnalystRevalidator>();
        return builder;
    }

    /// <summary>An analyst made inactive loses the backoffice at the next request.</summary>
    private static async Task StillActiveAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal is { } user ? AnalystClaims.Id(user) : null;
        var factory = context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<SavDbContext>>();
        await using var db = await factory.CreateDbContextAsync(context.HttpContext.RequestAborted);
        if (id is null || !await AnalystSignIn.IsActiveAsync(db, id.Value, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AnalystClaims.Scheme);
        }
    }

    public static IEndpointRouteBuilder MapBackofficeAuth(this IEndpointRouteBuilder app, IWebHostEnvironment environment)
    {
        var google = app.ServiceProvider.GetRequiredService<IOptions<GoogleSignInOptions>>().Value.Configured;
        app.MapGet("/signin", (string? returnUrl) =>
            {
                var target = SignInPage.LocalOrHome(returnUrl);
                if (environment.IsDevelopment()) return Results.Redirect("/dev/signin?returnUrl=" + Uri.EscapeDataString(target));
                return google
                    ? Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [GoogleSignIn.Scheme])
                    : SignInPage.Unavailable();
            })
            .AllowAnonymous();
        if (google)
        {
            app.MapGet("/signin/google", (string? returnUrl) =>
                    Results.Challenge(new AuthenticationProperties { RedirectUri = SignInPage.LocalOrHome(returnUrl) }, [GoogleSignIn.Scheme]))
                .AllowAnonymous();
        }
        app.MapGet("/denied", (string? reason) =>
                SignInPage.Denied(reason))
            .AllowAnonymous();
        app.MapGet("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(AnalystClaims.Scheme);
            return Results.Redirect("/signin");
        }).AllowAnonymous();
        // The development sign-in only exists in Development: elsewhere the route is never mapped.
        if (environment.IsDevelopment()) app.MapDevSignIn();
        return app;
    }
}
