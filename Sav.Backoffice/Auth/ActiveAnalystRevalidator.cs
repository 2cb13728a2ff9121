using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Data;

namespace Sav.Backoffice.Auth;

/// <summary>A circuit outlives the request that opened it: every minute, it checks that its analyst is still
/// active, so one made inactive loses open pages too, not only the next request.</summary>
public sealed class ActiveAnalystRevalidator(ILoggerFactory loggerFactory, IDbContextFactory<SavDbContext> dbFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillActiveAsync(authenticationState.User, cancellationToken);

    public async Task<bool> IsStillActiveAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (AnalystClaims.Id(user) is not { } id) return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AnalystSignIn.IsActiveAsync(db, id, cancellationToken);
    }
}
