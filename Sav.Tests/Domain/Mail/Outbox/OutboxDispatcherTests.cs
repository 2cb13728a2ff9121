using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Data;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Tests.Servers;
using Sav.Tests.Support;
using static Sav.Tests.Domain.Mail.Outbox.OutboxTestKit;

namespace Sav.Tests.Domain.Mail.Outbox;

public class OutboxDispatcherTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task No_more_than_the_mails_per_minute_leave_and_the_rest_wait_for_the_next_minute()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sender = new RecordingSender(_clock);
        var dispatcher = Dispatcher(database, sender, new MailOptions(), _clock);
        await EnqueueAsync(database, _clock, 25);

        Assert.Equal(10, await dispatcher.DispatchAsync());
        Assert.Equal(0, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(10, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(5, await dispatcher.DispatchAsync());

        var rows = await RowsAsync(database);
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));
        Assert.Equal(25, rows.Select(r => r.ProviderId).Distinct().Count());
        Assert.All(rows, r => Assert.StartsWith("provider-", r.ProviderId));
    }

    [Fact]
    public async Task No_more_than_the_mails_per_day_leave_and_the_rest_wait_for_the_next_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sender = new RecordingSender(_clock);
        var dispatcher = Dispatcher(database, sender, new MailOptions { PerMinute = 10, PerDay = 15 }, _clock);
        await EnqueueAsync(database, _clock, 20);

        Assert.Equal(10, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(5, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(0, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(5, await dispatcher.DispatchAsync());
        Assert.Equal(20, sender.Sent.Count);
    }

    [Fact]
    public async Task A_mail_over_the_size_limit_fails_at_once_with_the_reason_and_the_others_still_leave()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sender = new RecordingSender(_clock);
        var dispatcher = Dispatcher(database, sender, new MailOptions { MaxMessageBytes = 100_000 }, _clock);
        var large = await EnqueueAsync(database, _clock, 1, htmlBytes: 150_000);
        await EnqueueAsync(database, _clock, 2);

        Assert.Equal(2, await dispatcher.DispatchAsync());

        var rows = await RowsAsync(database);
        var failed = rows.Single(r => r.Id == large[0]);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("over the limit of 100000 bytes (Mail:MaxMessageBytes)", failed.LastError);
        Assert.Equal(2, sender.Sent.Count);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await dispatcher.DispatchAsync());
        Assert.Equal(2, sender.Calls);
    }

    [Fact]
    public async Task A_failing_mail_is_retried_after_growing_delays_and_marked_failed_after_the_last_try()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sender = new RecordingSender(_clock, failures: int.MaxValue);
        var dispatcher = Dispatcher(database, sender, new MailOptions { MaxAttempts = 4 }, _clock);
        var id = (await EnqueueAsync(database, _clock, 1))[0];
        var start = _clock.GetUtcNow();

        await dispatcher.DispatchAsync();
        var row = (await RowsAsync(database)).Single();
        Assert.Equal((1, OutboxState.Pending, start.AddSeconds(30)), (row.Attempts, row.State, row.NextAttemptAt));

        _clock.Advance(TimeSpan.FromSeconds(29));
        await dispatcher.DispatchAsync();
        Assert.Equal(1, sender.Calls);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.DispatchAsync();
        row = (await RowsAsync(database)).Single();
        Assert.Equal((2, _clock.GetUtcNow().AddMinutes(1)), (row.Attempts, row.NextAttemptAt));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DispatchAsync();
        row = (await RowsAsync(database)).Single();
        Assert.Equal((3, _clock.GetUtcNow().AddMinutes(2)), (row.Attempts, row.NextAttemptAt));

        _clock.Advance(TimeSpan.FromMinutes(2));
        await dispatcher.DispatchAsync();
        row = (await RowsAsync(database)).Single();
        Assert.Equal(OutboxState.Failed, row.State);
        Assert.Equal(4, row.Attempts);
        Assert.Contains("connection reset (call 4)", row.LastError);

        _clock.Advance(TimeSpan.FromDays(1));
        await dispatcher.DispatchAsync();
        Assert.Equal(4, sender.Calls);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public void The_backoff_doubles_from_the_first_delay_up_to_its_cap()
    {
        var settings = new MailOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(10) };
        var delays = Enumerable.Range(1, 8).Select(a => OutboxDispatcher.Backoff(a, settings).TotalSeconds);
        Assert.Equal([30, 60, 120, 240, 480, 600, 600, 600], delays);
    }

    [Fact]
    public async Task When_the_provider_fails_for_a_while_then_recovers_every_mail_leaves_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sender = new RecordingSender(_clock, failures: 7);
        var dispatcher = Dispatcher(database, sender, new MailOptions(), _clock);
        var ids = await EnqueueAsync(database, _clock, 12);

        for (var minute = 0; minute < 30; minute++)
        {
            await dispatcher.DispatchAsync();
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var rows = await RowsAsync(database);
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));
        Assert.Equal(rows.Select(r => r.MessageId).Order(), sender.Sent.Select(s => s.MessageId).Order());
        Assert.Equal(7, rows.Sum(r => r.Attempts) - ids.Count);
        Assert.All(rows, r => Assert.Null(r.LastError));
    }

    [Fact]
    public async Task A_permanent_refusal_is_not_retried()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sender = new RecordingSender(_clock, failures: 1, permanent: true);
        var dispatcher = Dispatcher(database, sender, new MailOptions(), _clock);
        await EnqueueAsync(database, _clock, 1);

        await dispatcher.DispatchAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        await dispatcher.DispatchAsync();

        var row = (await RowsAsync(database)).Single();
        Assert.Equal((OutboxState.Failed, 1), (row.State, row.Attempts));
        Assert.Equal("550 5.1.1 mailbox unknown", row.LastError);
        Assert.Equal(1, sender.Calls);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_sqlite_database_send_each_mail_once_within_the_quotas()
    {
        await using var database = await TestDatabase.CreateAsync();
        await RaceAsync(database, _clock);
    }

    private sealed class PickySender(RecordingSender inner, string refused) : Sav.Domain.Mail.Senders.IMailSender
    {
        public Task<string> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken) =>
            message.To.Mailboxes.Any(m => m.Address == refused)
                ? throw new ArithmeticException("a bug nobody expects")
                : inner.SendAsync(message, cancellationToken);
    }

    [Fact]
    public async Task A_mail_whose_sending_throws_what_nobody_expects_fails_alone_and_the_others_leave_in_the_same_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = new RecordingSender(_clock);
        var monitor = new Sav.Domain.Mail.Health.MailJobMonitor(database, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Sav.Domain.Mail.Health.MailJobMonitor>.Instance);
        var settings = new MailOptions();
        var dispatcher = new OutboxDispatcher(database, new PickySender(sent, "client1@example.com"),
            new Sav.Domain.Mail.Outbox.MailComposer(new Sav.Domain.Tickets.TicketContexts(TestServices.Secret), Microsoft.Extensions.Options.Options.Create(settings), _clock),
            Microsoft.Extensions.Options.Options.Create(settings), _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance, monitor: monitor);
        await EnqueueAsync(database, _clock, 3);

        Assert.Equal(2, await dispatcher.DispatchAsync());

        var rows = await RowsAsync(database);
        Assert.Equal([OutboxState.Pending, OutboxState.Sent, OutboxState.Sent], rows.Select(r => r.State));
        Assert.Contains("a bug nobody expects", rows[0].LastError);
        Assert.True(monitor.Check(Sav.Domain.Mail.Health.MailJob.Outbox).Healthy);
    }
}

public class OutboxDispatcherPostgresTests
{
    [Fact]
    public async Task Two_dispatchers_on_one_postgresql_database_send_each_mail_once_within_the_quotas()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        await RaceAsync(database, new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
    }
}
