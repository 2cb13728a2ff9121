using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Sav.Domain.Data;

namespace Sav.Hosting;

/// <summary>
/// Where a host's Quartz scheduler keeps its jobs. On PostgreSQL (several machines may share the database): in Quartz's
/// tables (<see cref="QuartzTables"/>), clustered, so that each job runs on one instance at a time whatever the number
/// of instances, and moves to another within <c>Jobs:CheckinMisfireThreshold</c> when its instance dies. On SQLite (one
/// machine): in memory. Both hosts use it (this file is linked into the backoffice), each under its own name, since each
/// has its own jobs.
/// </summary>
public static class Scheduler
{
    public static void UseSavStore(this IQuartzBuilder quartz, IConfiguration configuration, string host)
    {
        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        // Every instance of a host shares the name, which is the cluster's: the installation's (Jobs:Cluster, so that two
        // installations may share a database, and a test running several clusters in one process names each) and the
        // host's, since each host has its own jobs. In memory, names are unique per process: tests run several hosts in one.
        var name = $"{(configuration["Jobs:Cluster"] is { Length: > 0 } cluster ? cluster : "sav")}-{host}";
        if (provider != DatabaseProvider.Postgres)
        {
            quartz.ConfigureScheduler(s => s.InstanceName = $"{name}-{Guid.NewGuid():N}");
            return;
        }
        var checkin = configuration.GetValue("Jobs:CheckinInterval", TimeSpan.FromSeconds(5));
        quartz.ConfigureScheduler(s =>
        {
            s.InstanceName = name;
            // Each instance its own id in the cluster's tables: the machine, the process, and a few random characters.
            s.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
            // An instance with nothing to fire looks again this often (30 s by default): the triggers another instance
            // held come free when it dies, and nothing tells this one.
            s.IdleWaitTime = checkin;
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(configuration.GetConnectionString("Sav") ?? throw new InvalidOperationException("ConnectionStrings:Sav is not set."));
            store.UseSystemTextJsonSerializer();
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = checkin;
                cluster.CheckinMisfireThreshold = checkin * 3;
            });
        });
    }
}

/// <summary>
/// Starts the host's scheduler once its store answers, and stops it with the host, letting the jobs running finish.
/// Quartz's own hosted service would stop the host when the database is away at start (its clustered store reads its
/// tables then): a gateway restarted during an outage must still take the submissions its journal can keep.
/// </summary>
public sealed class SchedulerHost(ISchedulerFactory factory, IConfiguration configuration, ILogger<SchedulerHost> logger) : BackgroundService
{
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = configuration.GetValue("Jobs:CheckinInterval", TimeSpan.FromSeconds(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var scheduler = await factory.GetScheduler(stoppingToken);
                await scheduler.Start(stoppingToken);
                _scheduler = scheduler;
                return;
            }
            catch (SchedulerException e)
            {
                logger.LogWarning("The jobs' scheduler cannot start yet ({Reason}); next try in {Retry}.", e.GetBaseException().Message, retry);
                await Task.Delay(retry, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler) await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }
}
