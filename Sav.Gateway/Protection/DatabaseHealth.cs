using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sav.Domain.Data;
using Sav.Domain.Journal;

namespace Sav.Gateway.Protection;

/// <summary>Healthy when the database answers a query on Sav's own schema. When it does not, degraded (still ready for
/// the load balancer) while the outage journal can take openings, unhealthy once it cannot; the description says which.</summary>
public sealed class DatabaseHealth(IDbContextFactory<SavDbContext> dbFactory, OutageJournal outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Statuses.AnyAsync(cancellationToken);
            var (waiting, _) = outage.Journal.Waiting;
            return waiting == 0
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Degraded($"The database answers; {waiting} journalled submissions are being written.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (waiting, since) = outage.Journal.Waiting;
            var left = outage.Journal.NumbersLeft;
            return left > 0
                ? HealthCheckResult.Degraded($"The database does not answer; submissions are journalled ({waiting} waiting"
                    + (since is { } s ? $" since {s:O}" : "") + $", {left} ticket numbers left).")
                : HealthCheckResult.Unhealthy($"The database does not answer and the journal has no ticket number left ({waiting} waiting).");
        }
    }
}
