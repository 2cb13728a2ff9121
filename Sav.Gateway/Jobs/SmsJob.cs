using Quartz;
using Sav.Domain.Sms;

namespace Sav.Gateway.Jobs;

/// <summary>Writes the opening messages and sends the due text messages (<see cref="SmsDispatcher"/>); scheduled only
/// when <c>Sms:Sender</c> is not None. One run at a time, on one gateway of a cluster.</summary>
[DisallowConcurrentExecution]
public sealed class SmsJob(SmsDispatcher dispatcher, ILogger<SmsJob> logger) : IJob
{
    public static readonly JobKey Key = new("sms", "sav");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sent = await dispatcher.DispatchAsync(cancellationToken);
        if (sent > 0) logger.LogInformation("SMS: {Sent} sent", sent);
    }
}
