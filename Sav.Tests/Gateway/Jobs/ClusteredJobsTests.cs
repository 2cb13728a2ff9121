using Sav.Tests.Servers;

namespace Sav.Tests.Gateway.Jobs;

/// <summary>Two gateway processes on one PostgreSQL: their jobs clustered in Quartz's tables.</summary>
public class ClusteredJobsTests
{
    private static int Runs(GatewayProcess gateway) => gateway.Lines.Count(l => l.Contains("Outbox run on", StringComparison.Ordinal));

    [Fact]
    public async Task Each_run_of_a_job_happens_on_one_gateway_and_the_survivor_takes_the_jobs_over_when_the_other_is_killed()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("sav-cluster-").FullName;
        try
        {
            Dictionary<string, string> Settings(string name)
            {
                var settings = GatewayProcess.Settings(server, database, Path.Combine(folder, name));
                settings["Jobs:OutboxEvery"] = "00:00:00.500";
                settings["Jobs:CheckinInterval"] = "00:00:01";
                settings["Logging:LogLevel:Sav.Gateway.Jobs.OutboxJob"] = "Debug";
                return settings;
            }
            using var first = await GatewayProcess.StartAsync(Settings("first"));
            using var second = await GatewayProcess.StartAsync(Settings("second"));

            // Both running: a run every half second for the cluster, not one for each gateway.
            var (before, started) = (Runs(first) + Runs(second), DateTime.UtcNow);
            await Task.Delay(TimeSpan.FromSeconds(8));
            var together = Runs(first) + Runs(second) - before;
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            Assert.InRange(together, 2, (int)(seconds * 2 * 1.3));

            // The one that ran it most is killed: within three check-ins the other runs every job alone.
            var (killed, survivor) = Runs(first) >= Runs(second) ? (first, second) : (second, first);
            killed.Kill();
            var survivorBefore = Runs(survivor);
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.True(Runs(survivor) - survivorBefore >= 6, $"the survivor ran the outbox {Runs(survivor) - survivorBefore} times in 8 s; {Runs(killed)} on the other before; together {together}\n" + string.Join("\n", survivor.Lines.TakeLast(60)) + "\n----\n" + string.Join("\n", killed.Lines.TakeLast(6)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
