using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>A database with one open ticket, an inbox folder, a document folder and a quarantine folder,
/// and the sweep wired over them.</summary>
public sealed class SweepHarness : IAsyncDisposable
{
    public TestDatabase Database { get; }
    public TestServices Services { get; }
    public MailboxOptions Mailbox { get; }
    public DocumentOptions Documents { get; }
    public OpenedTicket Ticket { get; private set; } = null!;
    /// <summary>The Message-ID of the opening confirmation Sav sent for the ticket.</summary>
    public string SentMessageId { get; private set; } = "";

    private SweepHarness(TestDatabase database)
    {
        Database = database;
        Services = new TestServices(database);
        Mailbox = new MailboxOptions
        {
            Folder = database.SubFolder("inbox"), QuarantineFolder = database.SubFolder("quarantine"), MessageBudget = TimeSpan.FromSeconds(20),
        };
        Documents = new DocumentOptions { Folder = database.SubFolder("documents"), MaxBytes = 5 * 1024 * 1024 };
    }

    public static async Task<SweepHarness> CreateAsync()
    {
        var harness = new SweepHarness(await TestDatabase.CreateAsync());
        harness.Ticket = await harness.Services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        await using var db = harness.Database.CreateDbContext();
        harness.SentMessageId = await db.OutboxMessages.Where(m => m.TicketId == harness.Ticket.Id).Select(m => m.MessageId).SingleAsync();
        return harness;
    }

    public string Context => Ticket.Context;
    public string Inbox => Mailbox.Folder;

    public IDocumentStore LocalStore() => new LocalDocumentStore(Options.Create(Documents));

    public MailFiler Filer(IDocumentStore? store = null) => new(Database, store ?? LocalStore(), Services.Composer, Services.Clock);

    public MailboxSweeper Sweeper(IMailboxReader? reader = null, IDocumentStore? store = null) => new(
        Database, reader ?? new FolderMailboxReader(Options.Create(Mailbox)), Filer(store), new ReplyMatcher(Services.Contexts),
        Options.Create(Mailbox), Options.Create(Documents), Services.Clock, NullLogger<MailboxSweeper>.Instance);

    public Quarantine Quarantine(IDocumentStore? store = null) => new(Database, Filer(store), Options.Create(Documents));

    public RejectedMails Rejected() => new(Database, Filer(), new ReplyMatcher(Services.Contexts), Options.Create(Mailbox), Options.Create(Documents),
        Services.Clock, NullLoggerFactory.Instance);

    public string Drop(MimeMessage message, string? name = null) => Drop(Mime.Bytes(message), name);

    public string Drop(byte[] raw, string? name = null)
    {
        var path = Path.Combine(Inbox, name ?? $"{Guid.NewGuid():N}.eml");
        File.WriteAllBytes(path, raw);
        return path;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
