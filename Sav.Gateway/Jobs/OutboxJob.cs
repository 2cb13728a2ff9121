using Quartz;
using Sav.Domain.Mail.Outbox;

namespace Sav.Gateway.Jobs;

/// <summary>Sends the outbox's due mails. Never two runs at once in this process; across gateways,
/// the dispatcher's claims keep a mail from going twice.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob(OutboxDispatcher dispatcher, ILogger<OutboxJob> logger) : IJob
{
    public static readonly JobKey Key = new("outbox", "sav");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sent = await dispatcher.DispatchAsync(cancellationToken);
        if (sent > 0) logger.LogInformation("Outbox: {Sent} mails sent", sent);
    }
}
