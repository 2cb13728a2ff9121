using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Analysts;

public sealed record SignInDecision(Analyst? Analyst, string? Refusal);

/// <summary>Who may enter the backoffice: a verified Google account of the company's Workspace
/// domain that belongs to an active analyst.</summary>
public static class AnalystSignIn
{
    public static async Task<SignInDecision> DecideAsync(SavDbContext db, string? email, bool emailVerified, string? hostedDomain,
        string? allowedDomain, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email) || !emailVerified)
            return new(null, "Le compte Google n'a pas d'adresse e-mail vérifiée.");
        var address = email.Trim().ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(allowedDomain))
        {
            var domain = allowedDomain.Trim().ToLowerInvariant();
            // hd is set by Google for Workspace accounts only: a gmail.com account carries none.
            if (!string.Equals(hostedDomain, domain, StringComparison.OrdinalIgnoreCase) || !address.EndsWith("@" + domain, StringComparison.Ordinal))
                return new(null, $"Seuls les comptes du domaine {domain} ont accès au back-office.");
        }
        var analyst = await db.Analysts.FirstOrDefaultAsync(a => a.Email == address, cancellationToken);
        if (analyst is null) return new(null, $"{address} n'est pas un analyste du SAV : demandez à un administrateur de vous ajouter.");
        if (!analyst.Active) return new(null, $"Le compte analyste {address} est désactivé.");
        return new(analyst, null);
    }
}
