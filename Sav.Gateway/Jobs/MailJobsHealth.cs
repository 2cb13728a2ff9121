using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sav.Domain.Data;
using Sav.Domain.Mail.Health;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Gateway.Jobs;

/// <summary>Degraded when this gateway's mailbox sweep or outbox dispatcher failed its last run, or has not completed one
/// for five minutes while no other gateway of its cluster did: forms are still taken, but replies or mails wait, and an operator should know. It also says how many
/// messages the sweep set aside in the last day (each alone, the others filed): not an outage, but something to look at
/// in « Santé des mails ».</summary>
public sealed class MailJobsHealth(MailJobMonitor monitor, IDbContextFactory<SavDbContext> dbFactory, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (setAside, runs) = await ReadAsync(cancellationToken);
        var checks = new[] { MailJob.Sweep, MailJob.Outbox }
            .Select(job => monitor.Check(job, runs?.FirstOrDefault(r => r.Job == job)?.LastSucceededAt)).ToArray();
        var description = string.Join(" ", checks.Select(c => c.Description));
        var data = checks.ToDictionary(c => c.Job == MailJob.Sweep ? "sweep" : "outbox", c => (object)c.Description);
        if (setAside is > 0)
        {
            description += $" {setAside} message(s) set aside by the sweep in the last 24 hours.";
            data["setAside"] = setAside;
        }
        return checks.All(c => c.Healthy)
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Degraded(description, data: data);
    }

    /// <summary>How many messages were set aside in the last day, and each job's last run whichever gateway ran it (a
    /// cluster on PostgreSQL runs each on one gateway); nulls when the database does not answer: its own check says so.</summary>
    private async Task<(int? SetAside, IReadOnlyList<MailJobRun>? Runs)> ReadAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var since = clock.GetUtcNow().AddDays(-1);
            var setAside = await db.InboundMails.CountAsync(m => m.Outcome == InboundOutcome.Rejected && m.ReceivedAt > since, ct);
            return (setAside, await MailJobMonitor.ReadAsync(db, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException) { return (null, null); }
    }
}
