using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Analysts;

/// <summary>Why an account is refused; the host words it in the analyst's language.</summary>
public enum SignInRefusal { UnverifiedEmail, OtherDomain, NotAnAnalyst, Inactive }

/// <param name="Subject">The address or the domain the refusal is about, to show with it.</param>
public sealed record SignInDecision(Analyst? Analyst, SignInRefusal? Refusal = null, string? Subject = null);

/// <summary>Who may enter the backoffice: a verified Google account of the company's Workspace
/// domain that belongs to an active analyst.</summary>
public static class AnalystSignIn
{
    public static async Task<SignInDecision> DecideAsync(SavDbContext db, string? email, bool emailVerified, string? hostedDomain,
        string? allowedDomain, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email) || !emailVerified) return new(null, SignInRefusal.UnverifiedEmail);
        var address = email.Trim().ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(allowedDomain))
        {
            var domain = allowedDomain.Trim().ToLowerInvariant();
            // hd is set by Google for Workspace accounts only: a gmail.com account carries none.
            if (!string.Equals(hostedDomain, domain, StringComparison.OrdinalIgnoreCase) || !address.EndsWith("@" + domain, StringComparison.Ordinal))
                return new(null, SignInRefusal.OtherDomain, domain);
        }
        var analyst = await db.Analysts.FirstOrDefaultAsync(a => a.Email == address, cancellationToken);
        if (analyst is null) return new(null, SignInRefusal.NotAnAnalyst, address);
        if (!analyst.Active) return new(null, SignInRefusal.Inactive, address);
        return new(analyst);
    }

    /// <summary>Whether a signed-in analyst may still use the backoffice (checked at each request and in the circuit).</summary>
    public static Task<bool> IsActiveAsync(SavDbContext db, int analystId, CancellationToken cancellationToken = default) =>
        db.Analysts.AnyAsync(a => a.Id == analystId && a.Active, cancellationToken);

    /// <summary>The active analyst with this address (case and spaces ignored), or null.</summary>
    public static Task<Analyst?> ActiveByEmailAsync(SavDbContext db, string? email, CancellationToken cancellationToken = default)
    {
        var address = (email ?? "").Trim().ToLowerInvariant();
        return db.Analysts.FirstOrDefaultAsync(a => a.Email == address && a.Active, cancellationToken);
    }

    /// <summary>The active analysts, by name.</summary>
    public static IQueryable<Analyst> Active(SavDbContext db) => db.Analysts.Where(a => a.Active).OrderBy(a => a.DisplayName);
}
