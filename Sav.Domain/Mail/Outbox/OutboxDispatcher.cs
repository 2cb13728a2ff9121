using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;
using Sav.Domain.Mail.Senders;

namespace Sav.Domain.Mail.Outbox;

/// <summary>Sends due outbox rows. A row is claimed with a conditional update before it is sent,
/// so that two dispatchers (two gateways) never send the same mail.</summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<SavDbContext> dbFactory,
    IMailSender sender,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);
    private readonly string _instance = $"{Guid.NewGuid():N} {Environment.ProcessId} {Environment.MachineName}" is var id && id.Length > 100 ? id[..100] : id;

    /// <summary>Sends what is due and fits the quotas; returns how many were sent.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var budget = await QuotaLeftAsync(settings, cancellationToken);
            if (budget <= 0) break;
            var claimed = await ClaimAsync(Math.Min(budget, settings.BatchSize), cancellationToken);
            if (claimed.Count == 0) break;
            foreach (var id in claimed)
            {
                if (await SendOneAsync(id, settings, cancellationToken)) sent++;
            }
        }
        return sent;
    }

    private async Task<int> QuotaLeftAsync(MailOptions settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var minuteAgo = now.AddMinutes(-1);
        var dayAgo = now.AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastMinute = await db.OutboxMessages.CountAsync(m => m.SentAt >= minuteAgo, ct);
        var lastDay = await db.OutboxMessages.CountAsync(m => m.SentAt >= dayAgo, ct);
        var inFlight = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Pending && m.ClaimedUntil > now, ct);
        return Math.Min(settings.PerMinute - lastMinute, settings.PerDay - lastDay) - inFlight;
    }

    private async Task<List<int>> ClaimAsync(int count, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + ClaimLease;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.OutboxMessages
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.ClaimedUntil })
            .Take(count).ToListAsync(ct);
        var claimed = new List<int>(candidates.Count);
        foreach (var candidate in candidates)
        {
            // Conditional on the lease we read: of two dispatchers, only one update matches.
            var rows = await db.OutboxMessages
                .Where(m => m.Id == candidate.Id && m.State == OutboxState.Pending && m.ClaimedUntil == candidate.ClaimedUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, _instance).SetProperty(m => m.ClaimedUntil, until), ct);
            if (rows == 1) claimed.Add(candidate.Id);
        }
        return claimed;
    }

    private async Task<bool> SendOneAsync(int id, MailOptions settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.OutboxMessages.SingleAsync(m => m.Id == id, ct);
        if (row.ClaimedBy != _instance || row.State != OutboxState.Pending) return false;
        row.Attempts++;
        try
        {
            var mime = OutboxMime.ToMime(row);
            using (var measure = new MemoryStream())
            {
                await mime.WriteToAsync(measure, ct);
                if (measure.Length > settings.MaxMessageBytes)
                    throw new PermanentMailException($"The message is {measure.Length} bytes, over the limit of {settings.MaxMessageBytes}.");
            }
            row.ProviderId = await sender.SendAsync(mime, ct);
            row.State = OutboxState.Sent;
            row.SentAt = clock.GetUtcNow();
            row.LastError = null;
            row.ClaimedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var permanent = e is PermanentMailException || row.Attempts >= settings.MaxAttempts;
            row.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            row.State = permanent ? OutboxState.Failed : OutboxState.Pending;
            row.NextAttemptAt = clock.GetUtcNow() + Backoff(row.Attempts);
            row.ClaimedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning(e, "Outbox message {Id} to {Recipient} failed (attempt {Attempt}){Final}", row.Id, row.Recipient,
                row.Attempts, permanent ? ", given up" : "");
            return false;
        }
    }

    /// <summary>30 s, 1 min, 2 min, … capped at 1 h.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
