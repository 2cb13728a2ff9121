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
