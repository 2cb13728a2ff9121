using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Mail.Outbox;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

public class BounceHoldTests
{
    private static async Task<(SweepHarness Harness, string Recipient)> BouncedAsync(string template)
    {
        var harness = await SweepHarness.CreateAsync();
        await harness.Services.Dispatcher().DispatchAsync();
        await using var db = harness.Database.CreateDbContext();
        var recipient = await db.OutboxMessages.Select(m => m.Recipient).SingleAsync();
        harness.Drop(Eml.Of(template, new MailFacts("ZZZZ9#ABCDE", harness.SentMessageId, recipient)));
        await harness.Sweeper().SweepAsync(CancellationToken.None);
        return (harness, recipient);
    }

    /// <summary>Another automatic mail of the ticket to the same address, due now.</summary>
    private static async Task<int> QueueAnotherAsync(SweepHarness harness)
    {
        await using var db = harness.Database.CreateDbContext();
        var first = await db.OutboxMessages.AsNoTracking().FirstAsync();
        var next = new OutboxMessage
        {
            TicketId = first.TicketId, Template = first.Template, Recipient = first.Recipient, RecipientName = first.RecipientName,
            FromName = first.FromName, FromAddress = first.FromAddress, MessageId = $"{Guid.NewGuid():N}@sav.test", Subject = first.Subject,
            Html = first.Html, Text = first.Text, State = OutboxState.Pending, CreatedAt = first.CreatedAt, NextAttemptAt = first.CreatedAt,
        };
        db.OutboxMessages.Add(next);
        await db.SaveChangesAsync();
        return next.Id;
    }

    [Fact]
    public async Task A_permanent_failure_marks_the_contact_and_holds_further_mails_until_the_analyst_resends()
    {
        var (harness, recipient) = await BouncedAsync(DsnCorpus.Cases["Postfix DSN, user unknown"].Template);
        await using var _ = harness;
        await using (var db = harness.Database.CreateDbContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Email == recipient);
            Assert.True(contact.BouncePermanent);
            Assert.Contains("5.1.1", contact.BounceReason);
        }
        var id = await QueueAnotherAsync(harness);

        Assert.Equal(0, await harness.Services.Dispatcher().DispatchAsync());
        await using (var db = harness.Database.CreateDbContext())
        {
            var held = await db.OutboxMessages.SingleAsync(m => m.Id == id);
            Assert.Equal(OutboxState.Failed, held.State);
            Assert.StartsWith($"Retenu : l'adresse {recipient} est en échec permanent", held.LastError);
        }

        var admin = new OutboxAdmin(harness.Database, Options.Create(harness.Services.Mail), harness.Services.Clock);
        Assert.Equal(ResendOutcome.Resent, await admin.ResendAsync(id, "analyst@example.com"));
        Assert.Equal(1, await harness.Services.Dispatcher().DispatchAsync());

        await using (var db = harness.Database.CreateDbContext())
        {
            Assert.Equal(OutboxState.Sent, (await db.OutboxMessages.SingleAsync(m => m.Id == id)).State);
            var contact = await db.Contacts.SingleAsync(c => c.Email == recipient);
            Assert.False(contact.BouncePermanent);
            Assert.Null(contact.BouncedAt);
        }
    }

    [Fact]
    public async Task A_temporary_failure_marks_the_contact_but_lets_mails_go_and_a_sent_mail_clears_it()
    {
        var (harness, recipient) = await BouncedAsync(DsnCorpus.Cases["Postfix DSN, delayed"].Template);
        await using var _ = harness;
        await using (var db = harness.Database.CreateDbContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Email == recipient);
            Assert.False(contact.BouncePermanent);
            Assert.NotNull(contact.BouncedAt);
        }
        await QueueAnotherAsync(harness);

        Assert.Equal(1, await harness.Services.Dispatcher().DispatchAsync());

        await using (var db = harness.Database.CreateDbContext())
            Assert.Null((await db.Contacts.SingleAsync(c => c.Email == recipient)).BouncedAt);
    }
}
