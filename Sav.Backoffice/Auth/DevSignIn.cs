using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Data;

namespace Sav.Backoffice.Auth;

/// <summary>Sign in as any active analyst without Google: a development convenience, mapped only in Development.</summary>
public static class DevSignIn
{
    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dev/signin").AllowAnonymous();
        group.MapGet("", ShowAsync);
        group.MapPost("", SignInAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, IDbContextFactory<SavDbContext> dbFactory,
        string? returnUrl) => await FormAsync(http, antiforgery, dbFactory, returnUrl, error: null);

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, IDbContextFactory<SavDbContext> dbFactory,
        [FromForm] string? email, [FromForm] string? returnUrl)
    {
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var analyst = await AnalystSignIn.ActiveByEmailAsync(db, email, http.RequestAborted);
        if (analyst is null)
            return await FormAsync(http, antiforgery, dbFactory, returnUrl, SignInPage.UnknownAnalyst((email ?? "").Trim().ToLowerInvariant()));

        await http.SignInAsync(AnalystClaims.Scheme, AnalystClaims.Principal(analyst));
        return Results.LocalRedirect(SignInPage.LocalOrHome(returnUrl));
    }

    private static async Task<IResult> FormAsync(HttpContext http, IAntiforgery antiforgery, IDbContextFactory<SavDbContext> dbFactory,
        string? returnUrl, string? error)
    {
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var analysts = await AnalystSignIn.Active(db)
            .Select(a => new SignInPage.Choice(a.Email, a.DisplayName, a.Role)).ToListAsync(http.RequestAborted);
        var tokens = antiforgery.GetAndStoreTokens(http);
        return SignInPage.DevForm(analysts, tokens, SignInPage.LocalOrHome(returnUrl), error);
    }
}
