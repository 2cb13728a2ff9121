using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Outbox;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail;

public class OutboxAdminTests
{
    [Fact]
    public async Task Resending_a_failed_mail_queues_it_now_with_fresh_attempts_and_keeps_the_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        int id;
        await using (var db = database.CreateDbContext())
        {
            var mail = await db.OutboxMessages.SingleAsync();
            (mail.State, mail.Attempts, mail.LastError, mail.NextAttemptAt) =
                (OutboxState.Failed, 8, "550 mailbox unavailable", services.Clock.GetUtcNow().AddDays(1));
            await db.SaveChangesAsync();
            id = mail.Id;
        }
        await using (var db = database.CreateDbContext())
        {
            var failed = Assert.Single(await OutboxAdmin.FailedAsync(db));
            Assert.Equal((opened.Code, "550 mailbox unavailable"), (failed.TicketCode, failed.LastError));

            Assert.True(await OutboxAdmin.ResendAsync(db, id, services.Clock));
            Assert.False(await OutboxAdmin.ResendAsync(db, id, services.Clock));
        }

        await using (var db = database.CreateDbContext())
        {
            var mail = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxState.Pending, 0, "550 mailbox unavailable", services.Clock.GetUtcNow()),
                (mail.State, mail.Attempts, mail.LastError, mail.NextAttemptAt));
            Assert.Empty(await OutboxAdmin.FailedAsync(db));
        }

        await services.Dispatcher().DispatchAsync();
        await using (var db = database.CreateDbContext())
        {
            var mail = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxState.Sent, (string?)null), (mail.State, mail.LastError));
        }
    }
}
