using Microsoft.Extensions.Options;
using Quartz;
using Sav.Domain.Erp;

namespace Sav.Backoffice.Erp;

/// <summary>The scheduled ERP sync (<c>Erp:SyncEvery</c>), in the backoffice: the ERP is on the company's network,
/// which the public gateway never reaches. A failure is the sync's to record and log; the job only goes on.</summary>
[DisallowConcurrentExecution]
public sealed class ErpSyncJob(ErpSync sync) : IJob
{
    public static readonly JobKey Key = new("erp-sync", "sav");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await sync.RunAsync(cancellationToken);
        }
        catch (ErpException)
        {
            // Recorded and logged in one line by the sync; the pages work from the cache meanwhile.
        }
    }
}

public static class ErpJobExtensions
{
    /// <summary>The ERP connection and its scheduled sync, when <c>Erp:BaseUrl</c> is set.</summary>
    public static IHostApplicationBuilder AddBackofficeErp(this IHostApplicationBuilder builder)
    {
        builder.AddSavErp();
        var every = builder.Configuration.GetSection(ErpOptions.Section).Get<ErpOptions>() is { Enabled: true } erp ? erp.SyncEvery : (TimeSpan?)null;
        if (every is null) return builder;
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = $"sav-backoffice-{Guid.NewGuid():N}");
            // A first sync a minute after start, then every Erp:SyncEvery.
            q.ScheduleJob<ErpSyncJob>(trigger => trigger.WithIdentity("erp-sync-trigger", "sav")
                .StartAt(DateTimeOffset.UtcNow.AddMinutes(1)).WithSimpleSchedule(s => s.WithInterval(every.Value).RepeatForever()),
                job => job.WithIdentity(ErpSyncJob.Key));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
