using Quartz;
using Sav.Domain.Mail.Outbox;

namespace Sav.Gateway.Jobs;

/// <summary>Sends the outbox's due mails. Never two runs at once: in this process, and across the gateways of a cluster
/// on PostgreSQL (<see cref="Sav.Hosting.Scheduler"/>); the dispatcher's claims keep a mail from going twice anyway.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob(OutboxDispatcher dispatcher, ILogger<OutboxJob> logger) : IJob
{
    public static readonly JobKey Key = new("outbox", "sav");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Which instance of a cluster runs it (PostgreSQL): one at a time, another when it stops.
        logger.LogDebug("Outbox run on {Instance}", context.Scheduler.SchedulerInstanceId);
        var sent = await dispatcher.DispatchAsync(cancellationToken);
        if (sent > 0) logger.LogInformation("Outbox: {Sent} mails sent", sent);
    }
}
