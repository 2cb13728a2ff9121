using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sav.Domain.Data;

namespace Sav.Domain.Mail.Health;

/// <summary>A job's state as this process saw it.</summary>
public sealed record MailJobState(DateTimeOffset? LastSucceededAt, DateTimeOffset? LastFailedAt, string? LastError, string? LastErrorKind = null)
{
    public bool LastRunFailed => LastFailedAt is { } failed && (LastSucceededAt is not { } succeeded || failed > succeeded);
}

/// <summary>What the health check says of one job: healthy, or degraded with the reason.</summary>
public sealed record MailJobCheck(MailJob Job, bool Healthy, string Description);

/// <summary>Records each run of the mail jobs: in memory for this gateway's <c>/health</c>, and in the database for
/// « Santé des mails ». A job whose last run failed, or that has not completed a run for <see cref="StaleAfter"/>, is
/// degraded. Recording never fails a run: when the database is what failed, the row waits for the next run.</summary>
public sealed class MailJobMonitor(IDbContextFactory<SavDbContext> dbFactory, TimeProvider clock, ILogger<MailJobMonitor> logger)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);
    /// <summary>Successes in a row are written this often at most: a sweep runs every few seconds.</summary>
    public static readonly TimeSpan WriteSuccessEvery = TimeSpan.FromMinutes(1);

    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private readonly ConcurrentDictionary<MailJob, MailJobState> _states = new();
    private readonly ConcurrentDictionary<MailJob, DateTimeOffset> _written = new();
    private readonly string _instance = $"{Environment.MachineName} {Environment.ProcessId}";

    public MailJobState State(MailJob job) => _states.GetValueOrDefault(job, new MailJobState(null, null, null));

    /// <summary>Runs the job and records how it ended (a cancellation asked for is neither), through
    /// <paramref name="monitor"/> when there is one.</summary>
    public static async Task<T> RecordAsync<T>(MailJobMonitor? monitor, MailJob job, Func<CancellationToken, Task<T>> run, CancellationToken ct)
    {
        try
        {
            var result = await run(ct);
            if (monitor is not null) await monitor.SucceededAsync(job, ct);
            return result;
        }
        catch (Exception e) when (monitor is not null && !(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            await monitor.FailedAsync(job, e, CancellationToken.None);
            throw;
        }
    }

    public async Task SucceededAsync(MailJob job, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var before = State(job);
        _states[job] = before with { LastSucceededAt = now };
        // A recovery is written at once; a success after a success once a minute.
        if (!before.LastRunFailed && _written.TryGetValue(job, out var written) && now - written < WriteSuccessEvery) return;
        await WriteAsync(job, now, row => row.LastSucceededAt = now, ct);
    }

    public async Task FailedAsync(MailJob job, Exception failure, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var reason = Describe(failure);
        _states[job] = State(job) with { LastFailedAt = now, LastError = reason, LastErrorKind = failure.GetType().Name };
        await WriteAsync(job, now, row =>
        {
            row.LastFailedAt = now;
            row.LastError = reason;
        }, ct);
    }

    /// <summary>This gateway's view of the job, for <c>/health</c>. The gateway is on the public internet: the failure is
    /// named by its kind only; its message (paths, servers) is for « Santé des mails » behind sign-in. With
    /// <paramref name="clusterSucceededAt"/> (the database's last success, whichever gateway ran it), a gateway of a
    /// cluster that has not run the job itself is not stale while another runs it.</summary>
    public MailJobCheck Check(MailJob job, DateTimeOffset? clusterSucceededAt = null)
    {
        var state = State(job);
        var now = clock.GetUtcNow();
        var name = job == MailJob.Sweep ? "Mailbox sweep" : "Outbox dispatcher";
        if (state.LastRunFailed) return new MailJobCheck(job, false, $"{name}: the last run failed at {state.LastFailedAt:u} ({state.LastErrorKind}).");
        var since = state.LastSucceededAt ?? _started;
        if (now - since > StaleAfter && clusterSucceededAt is { } elsewhere && now - elsewhere <= StaleAfter)
            return new MailJobCheck(job, true, $"{name}: run by another gateway of the cluster, last completed at {elsewhere:u}.");
        if (now - since > StaleAfter)
        {
            var minutes = (int)(now - since).TotalMinutes;
            return new MailJobCheck(job, false, state.LastSucceededAt is null
                ? $"{name}: no run has completed in the {minutes} minutes since the gateway started."
                : $"{name}: no run has completed for {minutes} minutes (last at {state.LastSucceededAt:u}).");
        }
        return new MailJobCheck(job, true, state.LastSucceededAt is { } last ? $"{name}: last run completed at {last:u}." : $"{name}: starting.");
    }

    /// <summary>What the database says of every job, whichever gateway ran it.</summary>
    public static async Task<IReadOnlyList<MailJobRun>> ReadAsync(SavDbContext db, CancellationToken ct = default) =>
        await db.MailJobRuns.AsNoTracking().OrderBy(r => r.Job).ToListAsync(ct);

    private async Task WriteAsync(MailJob job, DateTimeOffset now, Action<MailJobRun> change, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.MailJobRuns.SingleOrDefaultAsync(r => r.Job == job, ct);
            if (row is null) db.MailJobRuns.Add(row = new MailJobRun { Job = job });
            change(row);
            row.Instance = _instance;
            await db.SaveChangesAsync(ct);
            _written[job] = now;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The database is likely what failed the run: the next run writes again.
            logger.LogWarning(e, "The state of the {Job} job could not be recorded", job);
        }
    }

    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        if (e.InnerException is { } inner) text += $" ({inner.GetType().Name}: {inner.Message})";
        return text.Length > 2000 ? text[..2000] : text;
    }
}
