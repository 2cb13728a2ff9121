using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Sav.Backoffice.Components.SignIn;
using Sav.Backoffice.Resources;
using Sav.Domain.Analysts;

namespace Sav.Backoffice.Auth;

/// <summary>The few pages shown before an analyst is signed in, rendered statically from their components
/// (<see cref="SignInFrame"/>): no circuit, no script.</summary>
public static class SignInPage
{
    public sealed record Choice(string Email, string Name, AnalystRole Role);

    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

    public static IResult DevForm(IReadOnlyList<Choice> analysts, AntiforgeryTokenSet tokens, string returnUrl, string? error) =>
        Page<DevSignInPage>(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
            new { Analysts = analysts, Tokens = tokens, ReturnUrl = returnUrl, Error = error });

    public static string UnknownAnalyst(string address) => string.Format(CultureInfo.InvariantCulture, UiText.Get("SignIn.UnknownAnalyst"), address);

    public static IResult Unavailable() => Page<SignInUnavailablePage>(StatusCodes.Status200OK, new { });

    /// <summary>Why Google's account is refused, in the analyst's language.</summary>
    public static string Refusal(SignInDecision decision) => string.Format(CultureInfo.InvariantCulture,
        UiText.Get($"SignIn.Refusal.{decision.Refusal}"), decision.Subject);

    public static IResult Denied(string? reason) => Page<DeniedPage>(StatusCodes.Status403Forbidden, new { Reason = reason });

    private static IResult Page<TPage>(int status, object parameters) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
}
