using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sav.Domain.Mail.Health;

namespace Sav.Gateway.Jobs;

/// <summary>Degraded when this gateway's mailbox sweep or outbox dispatcher failed its last run, or has not completed one
/// for five minutes: forms are still taken, but replies or mails wait, and an operator should know.</summary>
public sealed class MailJobsHealth(MailJobMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var checks = new[] { monitor.Check(MailJob.Sweep), monitor.Check(MailJob.Outbox) };
        var description = string.Join(" ", checks.Select(c => c.Description));
        var data = checks.ToDictionary(c => c.Job == MailJob.Sweep ? "sweep" : "outbox", c => (object)c.Description);
        return Task.FromResult(checks.All(c => c.Healthy)
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Degraded(description, data: data));
    }
}
