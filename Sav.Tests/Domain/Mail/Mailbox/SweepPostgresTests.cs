using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>The sweep on a real PostgreSQL: its lookups (whether a Message-ID was seen, which ticket a reply answers)
/// are written by hand for both databases.</summary>
public class SweepPostgresTests
{
    [Fact]
    public async Task On_postgresql_replies_are_filed_by_context_and_by_in_reply_to_and_a_second_copy_is_recognised()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("sav-sweep-pg-").FullName;
        try
        {
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
            var contexts = new TicketContexts(TestServices.Secret);
            var composer = new Sav.Domain.Mail.Outbox.MailComposer(contexts, Options.Create(new Sav.Domain.Mail.MailOptions()), clock);
            var opened = await new TicketOpener(database, new OpenTicketValidator(), contexts, composer, clock)
                .OpenAsync(TestServices.ValidRequest(), "form");
            string sentMessageId;
            await using (var db = database.CreateDbContext())
                sentMessageId = await db.OutboxMessages.Where(m => m.TicketId == opened.Id).Select(m => m.MessageId).SingleAsync();

            var mailbox = new MailboxOptions
            {
                Folder = Directory.CreateDirectory(Path.Combine(folder, "inbox")).FullName,
                QuarantineFolder = Path.Combine(folder, "quarantine"),
            };
            var documents = new DocumentOptions { Folder = Path.Combine(folder, "documents") };
            MailboxSweeper Sweeper() => new(database, new FolderMailboxReader(Options.Create(mailbox)),
                new MailFiler(database, new LocalDocumentStore(Options.Create(documents)), composer, clock), new ReplyMatcher(contexts),
                Options.Create(mailbox), Options.Create(documents), clock, NullLogger<MailboxSweeper>.Instance);

            var byContext = Mime.Reply($"RE: Ticket N° {opened.Context}# - Écran", "Voici la photo.", Mime.File("ecran.jpg", "image/jpeg", 40_000));
            var byThread = Mime.Reply("Re: votre demande", "Et la facture.");
            byThread.InReplyTo = sentMessageId;
            await File.WriteAllBytesAsync(Path.Combine(mailbox.Folder, "1.eml"), Mime.Bytes(byContext));
            await File.WriteAllBytesAsync(Path.Combine(mailbox.Folder, "2.eml"), Mime.Bytes(byThread));

            var first = await Sweeper().SweepAsync(CancellationToken.None);
            await File.WriteAllBytesAsync(Path.Combine(mailbox.Folder, "3.eml"), Mime.Bytes(byContext));
            var second = await Sweeper().SweepAsync(CancellationToken.None);

            Assert.Equal(2, first.Filed);
            Assert.Equal((0, 1), (second.Filed, second.AlreadySeen));
            await using var check = database.CreateDbContext();
            var ticket = await check.Tickets.Include(t => t.Status).Include(t => t.Conversation).Include(t => t.Documents).SingleAsync();
            Assert.Equal(WellKnownStatus.ActionRequired, ticket.Status.Code);
            Assert.Equal(["Voici la photo.", "Et la facture."],
                ticket.Conversation.Where(e => e.InboundMailId != null).OrderBy(e => e.Id).Select(e => e.Text));
            Assert.Equal("ecran.jpg", Assert.Single(ticket.Documents).Name);
            Assert.Equal(2, await check.InboundMails.CountAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
