using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Tests.Support;
using static Sav.Tests.Domain.Mail.Outbox.OutboxTestKit;

namespace Sav.Tests.Domain.Mail.Outbox;

public class OutboxAdminTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_failed_mail_is_listed_and_an_analyst_can_resend_it_once_the_provider_is_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database, _clock);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        var settings = new MailOptions { MaxAttempts = 2 };
        var broken = Dispatcher(database, new RecordingSender(_clock, failures: int.MaxValue), settings, _clock);
        await broken.DispatchAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        await broken.DispatchAsync();
        var admin = new OutboxAdmin(database, Options.Create(settings), _clock);

        var failed = Assert.Single(await admin.FailedAsync());
        Assert.Equal((opened.Code, "OpeningConfirmation", "marie.durand@college-pasteur.example", 2), (failed.TicketCode, failed.Template, failed.Recipient, failed.Attempts));
        Assert.StartsWith($"Ticket N° {opened.Context}# - ", failed.Subject);
        Assert.Contains("connection reset", failed.LastError);
        Assert.Equal(_clock.GetUtcNow(), failed.LastAttemptAt);
        Assert.Equal((0, 1), ((await admin.HealthAsync()).Pending, (await admin.HealthAsync()).Failed));

        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(ResendOutcome.Resent, await admin.ResendAsync(failed.Id, "paul.martin@lumeo.example"));

        var row = (await RowsAsync(database)).Single();
        Assert.Equal((OutboxState.Pending, 0, _clock.GetUtcNow()), (row.State, row.Attempts, row.NextAttemptAt));
        Assert.Empty(await admin.FailedAsync());
        var working = new RecordingSender(_clock);
        Assert.Equal(1, await Dispatcher(database, working, settings, _clock).DispatchAsync());
        Assert.Equal(row.MessageId, Assert.Single(working.Sent).MessageId);
        var health = await admin.HealthAsync();
        Assert.Equal((0, 0, 1, 1), (health.Pending, health.Failed, health.SentLastMinute, health.SentLastDay));

        await using var db = database.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.TicketId == opened.Id && a.Field == "Mail");
        Assert.Equal("paul.martin@lumeo.example", audit.Actor);
        Assert.Equal("Resent", audit.Reason);
        Assert.Contains("connection reset", audit.Before);
    }

    [Fact]
    public async Task Only_a_failed_mail_can_be_resent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var ids = await EnqueueAsync(database, _clock, 1);
        var admin = new OutboxAdmin(database, Options.Create(new MailOptions()), _clock);

        Assert.Equal(ResendOutcome.NotFailed, await admin.ResendAsync(ids[0], "paul.martin@lumeo.example"));
        Assert.Equal(ResendOutcome.NotFound, await admin.ResendAsync(ids[0] + 1000, "paul.martin@lumeo.example"));
        Assert.Equal(1, (await admin.HealthAsync()).Pending);
    }
}
