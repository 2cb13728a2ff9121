using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Domain.Data;
using Sav.Domain.Mail.Senders;

namespace Sav.Domain.Mail.Outbox;

/// <summary>Sends due outbox rows within the provider's quotas, retrying with growing delays.
/// Several dispatchers (several gateways) may run at once: rows are claimed under a lock that
/// every dispatcher takes, so a mail is claimed by one of them only and the quotas are counted
/// once for all of them. On SQLite its writes queue at the process's <see cref="WriteGate"/> with the
/// openings, rather than in SQLite's busy handler, where they would stall and be stalled by them.</summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<SavDbContext> dbFactory,
    IMailSender sender,
    MailComposer composer,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger,
    WriteGate? gate = null,
    Health.MailJobMonitor? monitor = null)
{
    /// <summary>The counter row whose update serializes claims: a row lock on PostgreSQL, the write lock on SQLite.</summary>
    public const string ClaimLockName = "outbox-claim";

    private readonly string _instance = Truncate($"{Guid.NewGuid():N} {Environment.ProcessId} {Environment.MachineName}", 100);
    private bool _lockRowExists;

    /// <summary>Sends what is due and fits the quotas; returns how many were sent. A run that fails (the database is
    /// away) is recorded as failed for <c>/health</c> and « Santé des mails ».</summary>
    public Task<int> DispatchAsync(CancellationToken cancellationToken = default)
        => Health.MailJobMonitor.RecordAsync(monitor, Health.MailJob.Outbox, DispatchOnceAsync, cancellationToken);

    private async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(settings, cancellationToken);
            if (claimed.Count == 0) break;
            foreach (var id in claimed)
            {
                // One mail is one unit of failure: whatever sending it throws fails it alone, never the mails after it.
                try
                {
                    if (await SendOneAsync(id, settings, cancellationToken)) sent++;
                }
                catch (Exception e) when (!Mailbox.SweepFailure.IsOutside(e))
                {
                    await FailAloneAsync(id, e);
                }
            }
        }
        return sent;
    }

    /// <summary>Marks a mail that could not even be attempted failed, with the reason, for « Santé des mails ».</summary>
    private async Task FailAloneAsync(int id, Exception e)
    {
        logger.LogWarning(e, "Outbox message {Id} could not be handled: failed alone", id);
        var reason = Truncate($"{e.GetType().Name}: {e.Message}", 2000);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        using var _ = await EnterGateAsync(CancellationToken.None);
        await db.OutboxMessages.Where(m => m.Id == id && m.ClaimedBy == _instance && m.State == OutboxState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.LastError, reason)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    /// <summary>Claims as many due rows as the quotas leave room for. Sent mails and mails claimed but
    /// not yet sent both count, so two dispatchers together stay within the quotas.</summary>
    private async Task<List<int>> ClaimAsync(MailOptions settings, CancellationToken ct)
    {
        await EnsureLockRowAsync(ct);
        using var _ = await EnterGateAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Counters.Where(c => c.Name == ClaimLockName)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), ct);
        if (locked == 0)
        {
            _lockRowExists = false;
            return [];
        }

        // Read after taking the lock: on PostgreSQL each statement sees what the previous holder committed.
        var now = clock.GetUtcNow();
        var minuteAgo = now.AddMinutes(-1);
        var dayAgo = now.AddDays(-1);
        // One statement, so one snapshot: a mail that moves from claimed to sent meanwhile is counted once, not zero times.
        var used = await db.OutboxMessages
            .GroupBy(m => 1)
            .Select(g => new
            {
                LastMinute = g.Count(m => m.SentAt > minuteAgo),
                LastDay = g.Count(m => m.SentAt > dayAgo),
                InFlight = g.Count(m => m.State == OutboxState.Pending && m.ClaimedUntil > now),
            })
            .FirstOrDefaultAsync(ct);
        var budget = Math.Min(
            Math.Min(settings.PerMinute - (used?.LastMinute ?? 0), settings.PerDay - (used?.LastDay ?? 0)) - (used?.InFlight ?? 0),
            settings.BatchSize);
        if (budget <= 0)
        {
            await transaction.CommitAsync(ct);
            return [];
        }

        var ids = await db.OutboxMessages
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(budget).ToListAsync(ct);
        if (ids.Count > 0)
        {
            var until = now + settings.ClaimLease;
            await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.State == OutboxState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, _instance).SetProperty(m => m.ClaimedUntil, until), ct);
        }
        await transaction.CommitAsync(ct);
        return ids;
    }

    private async Task EnsureLockRowAsync(CancellationToken ct)
    {
        if (_lockRowExists) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Counters.AnyAsync(c => c.Name == ClaimLockName, ct))
        {
            db.Counters.Add(new Counter { Name = ClaimLockName });
            try
            {
                using var _ = await EnterGateAsync(ct);
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another dispatcher created it first: the claim's update finds it either way.
            }
        }
        _lockRowExists = true;
    }

    private async Task<bool> SendOneAsync(int id, MailOptions settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.OutboxMessages.Include(m => m.Attachments).AsSplitQuery().SingleAsync(m => m.Id == id, ct);
        if (row.ClaimedBy != _instance || row.State != OutboxState.Pending) return false;
        row.Attempts++;
        row.LastAttemptAt = clock.GetUtcNow();
        if (await BounceHold.ReasonAsync(db, row.Recipient, ct) is { } held)
        {
            // Until an analyst corrects the address or sends the mail again, a mail that would come back is not sent.
            row.State = OutboxState.Failed;
            row.LastError = held;
            row.ClaimedUntil = null;
            await SaveAsync(db);
            return false;
        }
        try
        {
            await RenderAsync(db, row, ct);
            var mime = ToMime(row);
            using (var measure = new MemoryStream())
            {
                await mime.WriteToAsync(measure, ct);
                if (measure.Length > settings.MaxMessageBytes)
                    throw new PermanentMailException(
                        $"The message is {measure.Length} bytes, over the limit of {settings.MaxMessageBytes} bytes (Mail:MaxMessageBytes).");
            }
            var providerId = await sender.SendAsync(mime, ct);
            row.ProviderId = Truncate(providerId, 254);
            row.State = OutboxState.Sent;
            row.SentAt = clock.GetUtcNow();
            row.LastError = null;
            row.ClaimedUntil = null;
            await BounceHold.ClearAsync(db, row.Recipient, ct);
            await SaveAsync(db);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var permanent = e is PermanentMailException || row.Attempts >= settings.MaxAttempts;
            row.LastError = Truncate(e.Message, 2000);
            row.State = permanent ? OutboxState.Failed : OutboxState.Pending;
            row.NextAttemptAt = clock.GetUtcNow() + Backoff(row.Attempts, settings);
            row.ClaimedUntil = null;
            await SaveAsync(db);
            logger.LogWarning(e, "Outbox message {Id} to {Recipient} failed (attempt {Attempt}){Final}", row.Id, row.Recipient,
                row.Attempts, permanent ? ", given up" : "");
            return false;
        }
    }

    private async ValueTask<IDisposable?> EnterGateAsync(CancellationToken ct) =>
        gate is null ? null : await gate.EnterAsync(ct);

    /// <summary>Records the attempt's outcome even when the job is being stopped: the mail may have left.</summary>
    private async Task SaveAsync(SavDbContext db)
    {
        using var _ = await EnterGateAsync(CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>A mail queued without its body (an opening's confirmation) gets it now; it is kept on the row with
    /// the attempt's outcome, so that what was sent can be read and sent again.</summary>
    private async Task RenderAsync(SavDbContext db, OutboxMessage row, CancellationToken ct)
    {
        try
        {
            await composer.RenderAsync(db, row, ct);
        }
        catch (InvalidOperationException e)
        {
            throw new PermanentMailException(e.Message, e);
        }
    }

    private static MimeMessage ToMime(OutboxMessage row)
    {
        try
        {
            return OutboxMime.ToMime(row);
        }
        catch (ParseException e)
        {
            throw new PermanentMailException($"An address of the mail is not valid: {e.Message}", e);
        }
    }

    /// <summary>The wait after a failed attempt: the first delay, doubled at each attempt, capped.</summary>
    public static TimeSpan Backoff(int attempts, MailOptions settings)
    {
        var delay = settings.FirstRetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return delay < settings.MaxRetryDelay ? delay : settings.MaxRetryDelay;
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
