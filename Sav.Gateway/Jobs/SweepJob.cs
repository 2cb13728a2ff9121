using Microsoft.Extensions.Options;
using Quartz;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Gateway.Jobs;

/// <summary>Runs the mailbox sweep, then keeps watching the mailbox (IMAP IDLE, or polling) for
/// Mailbox:WatchFor so that a reply is filed seconds after it arrives. One run at a time.</summary>
[DisallowConcurrentExecution]
public sealed class SweepJob(MailboxSweeper sweeper, IOptions<MailboxOptions> options, IHostApplicationLifetime lifetime,
    ILogger<SweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep", "sav");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Quartz waits for running jobs when the host stops: the watch must end with the host, not after WatchFor.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await sweeper.SweepAndWatchAsync(options.Value.WatchFor, stop.Token);
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            // The host is stopping; what was not marked is taken again by the next sweep.
        }
        catch (Exception e)
        {
            // The next run retries: nothing was marked processed that was not recorded.
            logger.LogError(e, "Mailbox sweep failed");
        }
    }
}
