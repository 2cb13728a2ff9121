using Quartz;
using Sav.Domain.Reports.Weekly;

namespace Sav.Backoffice.Reports;

/// <summary>Each minute, queues the weekly report when it is due (Monday from 08:00 in <c>Sav:TimeZone</c>) and not yet
/// queued: the check is the domain's, on its clock, so that a clock change or a backoffice stopped at 08:00 changes
/// nothing. A failure is logged and tried again a minute later.</summary>
[DisallowConcurrentExecution]
public sealed class WeeklyReportJob(WeeklyReport report, ILogger<WeeklyReportJob> logger) : IJob
{
    public static readonly JobKey Key = new("weekly-report", "sav");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await report.SendIfDueAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The weekly report could not be queued; next try in a minute");
        }
    }
}
