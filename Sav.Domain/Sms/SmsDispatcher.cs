using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sav.Domain.Audit;
using Sav.Domain.Data;

namespace Sav.Domain.Sms;

/// <summary>Sends the due text messages: within <c>Sms:PerHour</c> for the whole installation, never to a number that
/// answered « STOP », never a second one to a ticket within the hour (the later one is skipped: the mail still tells
/// the customer), retried with a doubling delay up to <c>Sms:MaxAttempts</c>. One job runs it at a time (Quartz, clustered
/// on PostgreSQL); each message is marked as attempted before it is sent, so a crash sends it at most twice.</summary>
public sealed class SmsDispatcher(IDbContextFactory<SavDbContext> dbFactory, ISmsSender sender, SmsNotices notices,
    IOptions<SmsOptions> options, TimeProvider clock, ILogger<SmsDispatcher> logger)
{
    private static readonly TimeSpan PerTicket = TimeSpan.FromHours(1);
    private DateTimeOffset? _optOutsReadAt;

    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken = default)
    {
        await using (var planning = await dbFactory.CreateDbContextAsync(cancellationToken))
            await notices.PlanOpeningsAsync(planning, cancellationToken: cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = await db.SmsOutbox.Where(m => m.State == SmsState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.Id).Take(100).ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;
        await RefreshOptOutsAsync(db, now, cancellationToken);
        var budget = options.Value.PerHour - await db.SmsOutbox.CountAsync(m => m.SentAt > now - TimeSpan.FromHours(1), cancellationToken);
        var sent = 0;
        foreach (var message in due)
        {
            if (await SkipReasonAsync(db, message, now, cancellationToken) is { } reason)
            {
                (message.State, message.Error) = (SmsState.Skipped, reason);
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }
            if (budget <= 0) break;
            // Marked as attempted first: a crash during the call leaves it to be tried again later, not at once.
            message.Attempts++;
            message.NextAttemptAt = now + TimeSpan.FromMinutes(Math.Pow(2, message.Attempts - 1));
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                message.ProviderId = await sender.SendAsync(new SmsMessage(message.Recipient, message.Text), cancellationToken);
                (message.State, message.SentAt, message.Error) = (SmsState.Sent, clock.GetUtcNow(), null);
                db.AuditEntries.Add(new AuditEntry
                {
                    TicketId = message.TicketId, At = clock.GetUtcNow(), Actor = "Sav", Field = "Sms", After = message.Kind.ToString(),
                });
                budget--;
                sent++;
            }
            catch (Exception e) when (e is SmsException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("SMS {Id} to ticket {Ticket} not sent (attempt {Attempt}): {Error}", message.Id, message.TicketId, message.Attempts, e.Message);
                message.Error = e.Message.Length <= 1000 ? e.Message : e.Message[..1000];
                if (message.Attempts >= options.Value.MaxAttempts) message.State = SmsState.Failed;
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return sent;
    }

    private static async Task<string?> SkipReasonAsync(SavDbContext db, SmsOutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.SmsOptOuts.AnyAsync(o => o.Number == message.Recipient, cancellationToken)) return "STOP";
        var since = now - PerTicket;
        return await db.SmsOutbox.AnyAsync(m => m.TicketId == message.TicketId && m.Id != message.Id && m.SentAt > since, cancellationToken)
            ? "One an hour per ticket" : null;
    }

    /// <summary>The numbers that answered « STOP », as the provider lists them, read at most every <c>Sms:OptOutRefresh</c>.</summary>
    private async Task RefreshOptOutsAsync(SavDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_optOutsReadAt is { } read && now - read < options.Value.OptOutRefresh) return;
        IReadOnlyList<string> numbers;
        try { numbers = await sender.OptedOutAsync(cancellationToken); }
        catch (Exception e) when (e is SmsException or HttpRequestException)
        {
            // Sending is refused the same way if the provider is away; the list is read again at the next run.
            logger.LogWarning("The numbers that answered STOP could not be read: {Error}", e.Message);
            return;
        }
        var known = (await db.SmsOptOuts.Select(o => o.Number).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var number in numbers.Select(n => PhoneNumbers.FrenchMobile(n) ?? n).Where(n => n.StartsWith('+')).Distinct())
            if (known.Add(number)) db.SmsOptOuts.Add(new SmsOptOut { Number = number, At = now, Source = "STOP" });
        await db.SaveChangesAsync(cancellationToken);
        _optOutsReadAt = now;
    }
}
