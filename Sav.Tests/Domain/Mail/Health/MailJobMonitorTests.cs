using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Mail.Health;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail.Health;

public class MailJobMonitorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_failed_run_degrades_the_job_with_its_reason_until_a_run_succeeds()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var monitor = new MailJobMonitor(database, clock, NullLogger<MailJobMonitor>.Instance);
        await monitor.SucceededAsync(MailJob.Sweep);
        clock.Advance(TimeSpan.FromSeconds(5));

        await monitor.FailedAsync(MailJob.Sweep, new InvalidOperationException("database is locked"));

        var failing = monitor.Check(MailJob.Sweep);
        Assert.False(failing.Healthy);
        Assert.Contains("the last run failed", failing.Description);
        Assert.Contains("(InvalidOperationException)", failing.Description);
        Assert.DoesNotContain("database is locked", failing.Description);
        await using (var db = database.CreateDbContext())
        {
            var row = (await MailJobMonitor.ReadAsync(db)).Single();
            Assert.Equal((MailJob.Sweep, Start + TimeSpan.FromSeconds(5)), (row.Job, row.LastFailedAt));
            Assert.Contains("database is locked", row.LastError);
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        await monitor.SucceededAsync(MailJob.Sweep);

        Assert.True(monitor.Check(MailJob.Sweep).Healthy);
        await using (var db = database.CreateDbContext())
            Assert.Equal(Start + TimeSpan.FromSeconds(10), (await MailJobMonitor.ReadAsync(db)).Single().LastSucceededAt);
    }

    [Fact]
    public async Task A_job_that_has_not_completed_a_run_for_five_minutes_is_degraded()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var monitor = new MailJobMonitor(database, clock, NullLogger<MailJobMonitor>.Instance);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(monitor.Check(MailJob.Outbox).Healthy);

        clock.Advance(TimeSpan.FromMinutes(2));
        var never = monitor.Check(MailJob.Outbox);
        Assert.False(never.Healthy);
        Assert.Contains("no run has completed in the 6 minutes since the gateway started", never.Description);

        await monitor.SucceededAsync(MailJob.Outbox);
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Contains("no run has completed for 5 minutes", monitor.Check(MailJob.Outbox).Description);
    }

    [Fact]
    public async Task A_gateway_of_a_cluster_is_not_stale_while_another_gateway_runs_the_job()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var idle = new MailJobMonitor(database, clock, NullLogger<MailJobMonitor>.Instance);
        var running = new MailJobMonitor(database, clock, NullLogger<MailJobMonitor>.Instance);
        clock.Advance(TimeSpan.FromMinutes(6));
        await running.SucceededAsync(MailJob.Outbox);
        await using var db = database.CreateDbContext();
        var last = (await MailJobMonitor.ReadAsync(db)).Single().LastSucceededAt;

        var check = idle.Check(MailJob.Outbox, last);
        Assert.True(check.Healthy);
        Assert.Contains("run by another gateway of the cluster", check.Description);
        // Once no gateway of the cluster has run it for five minutes, every one says so.
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(idle.Check(MailJob.Outbox, last).Healthy);
    }

    [Fact]
    public async Task A_database_that_cannot_record_the_run_does_not_fail_the_job()
    {
        await using var database = await TestDatabase.CreateAsync();
        var monitor = new MailJobMonitor(new BrokenFactory(), new FakeTimeProvider(Start), NullLogger<MailJobMonitor>.Instance);

        await monitor.FailedAsync(MailJob.Sweep, new TimeoutException("no answer"));

        Assert.False(monitor.Check(MailJob.Sweep).Healthy);
    }

    private sealed class BrokenFactory : Microsoft.EntityFrameworkCore.IDbContextFactory<Sav.Domain.Data.SavDbContext>
    {
        public Sav.Domain.Data.SavDbContext CreateDbContext() => throw new System.Data.DataException("the database is away");
    }
}
