using Microsoft.Extensions.Options;
using Sav.Domain.Journal;

namespace Sav.Gateway.Jobs;

/// <summary>
/// Keeps the outage journal ready and empties it: every <see cref="JournalOptions.ReplayEvery"/>, reserves ticket numbers
/// when fewer than half are left, replays what waits once the database answers, and reports the journal to « Santé ».
/// A gateway started with a journal that holds submissions (it was stopped or killed during an outage) replays them
/// as soon as its database answers. Not a Quartz job: each gateway has its own journal, wherever the cluster runs its jobs.
/// </summary>
public sealed class JournalJob(OutageJournal outage, IOptions<JournalOptions> options, ILogger<JournalJob> logger) : BackgroundService
{
    /// <summary>How often a journal with nothing new is reported all the same, so that « Santé » sees the gateway alive.</summary>
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(1);

    public string Gateway { get; } = $"{Environment.MachineName}:{outage.Journal.Folder}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reported = (Waiting: -1, Left: -1L, At: DateTimeOffset.MinValue);
        using var timer = new PeriodicTimer(options.Value.ReplayEvery);
        do
        {
            try
            {
                await outage.ReserveAsync(stoppingToken);
                if (outage.Holding) await outage.ReplayAsync(stoppingToken);
                var now = (outage.Journal.Waiting.Count, outage.Journal.NumbersLeft, DateTimeOffset.UtcNow);
                if ((now.Count, now.NumbersLeft) != (reported.Waiting, reported.Left) || now.UtcNow - reported.At > ReportEvery)
                {
                    if (await outage.ReportAsync(Gateway, stoppingToken)) reported = now;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The outage journal could not be replayed or reported; next try in {Every}.", options.Value.ReplayEvery);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
