using System.Security.Claims;
using Sav.Domain.Analysts;

namespace Sav.Backoffice.Auth;

/// <summary>What the backoffice's cookie says about the signed-in analyst.</summary>
public static class AnalystClaims
{
    public const string Scheme = "Sav.Backoffice";

    public static ClaimsPrincipal Principal(Analyst analyst) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, analyst.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, analyst.DisplayName),
        new Claim(ClaimTypes.Email, analyst.Email),
        new Claim(ClaimTypes.Role, analyst.Role.ToString()),
    ], Scheme));

    public static int? Id(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The analyst's e-mail: the actor recorded in audit rows.</summary>
    public static string Email(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "?";

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(nameof(AnalystRole.Admin));
}
