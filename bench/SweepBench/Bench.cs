using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MailKit;
using MimeKit;
using Sav.Domain.Data;
using Sav.Domain.Documents;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;

/// <summary>A database with one open ticket, a mailbox folder and a document store, all under one folder, and replies to it.</summary>
sealed class Bench : IAsyncDisposable
{
    private const string Secret = "bench-secret-for-contexts-0123456789";
    private readonly SavDatabase _database;
    private readonly IDbContextFactory<SavDbContext> _factory;
    private readonly TicketContexts _contexts = new(Secret);
    private readonly TimeProvider _clock = TimeProvider.System;
    private string _context = "";
    public MailboxOptions Mailbox { get; }
    public DocumentOptions Documents { get; }

    private Bench(string folder)
    {
        Directory.CreateDirectory(folder);
        _database = new SavDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "sav.db")}");
        _factory = new Factory(_database);
        Mailbox = new MailboxOptions { Folder = Directory.CreateDirectory(Path.Combine(folder, "inbox")).FullName, QuarantineFolder = Path.Combine(folder, "quarantine") };
        // SAV_BENCH_FLUSH=0 sets Documents:FlushToDisk off (files not flushed before their rows commit), to compare.
        Documents = new DocumentOptions
        {
            Folder = Path.Combine(folder, "documents"),
            FlushToDisk = Environment.GetEnvironmentVariable("SAV_BENCH_FLUSH") != "0",
        };
        if (int.TryParse(Environment.GetEnvironmentVariable("SAV_BENCH_PARALLELISM"), out var parallelism)) Mailbox.Parallelism = parallelism;
    }

    public static async Task<Bench> CreateAsync(string folder)
    {
        var bench = new Bench(folder);
        await using (var db = bench._database.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
            await ReferenceData.EnsureAsync(db);
        }
        var mail = new MailComposer(bench._contexts, Options.Create(new MailOptions { PickupFolder = Path.Combine(folder, "pickup") }), bench._clock);
        var opened = await new TicketOpener(bench._factory, new OpenTicketValidator(), bench._contexts, mail, bench._clock).OpenAsync(new OpenTicket
        {
            Email = "marie.durand@college-pasteur.example", Name = "Marie Durand", Subject = "Écran", ProductFamily = "Écrans",
        }, "bench");
        bench._context = opened.Context;
        return bench;
    }

    public byte[] Reply(int i, byte[] attachment, string? text = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Marie Durand", "marie.durand@college-pasteur.example"));
        message.To.Add(new MailboxAddress("SAV", "sav@example.com"));
        message.Subject = $"RE: Ticket N° {_context}# - Écran";
        message.MessageId = $"bench-{i}-{Guid.NewGuid():N}@customer.example";
        var builder = new BodyBuilder { TextBody = text ?? $"Voici la vidéo {i}.\n\nLe lun. 2 nov. 2026, SAV a écrit :\n> Bonjour" };
        builder.Attachments.Add($"video-{i}.mp4", attachment, new ContentType("video", "mp4"));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    public MailboxSweeper Sweeper(IMailboxReader reader)
    {
        var store = new TimedStore(new LocalDocumentStore(Options.Create(Documents)));
        reader = new TimedReader(reader);
        var composer = new MailComposer(_contexts, Options.Create(new MailOptions()), _clock);
        return new MailboxSweeper(_factory, reader, new MailFiler(_factory, store, composer, _clock), new ReplyMatcher(_contexts),
            Options.Create(Mailbox), Options.Create(Documents), _clock, NullLogger<MailboxSweeper>.Instance);
    }

    public async Task<bool> HasEntryAsync(string text)
    {
        await using var db = _database.CreateContext();
        return await db.ConversationEntries.AnyAsync(e => e.Text == text);
    }

    public async Task CheckAsync(int expected)
    {
        await using var db = _database.CreateContext();
        var documents = await db.Documents.CountAsync();
        if (documents != expected) throw new InvalidOperationException($"{documents} documents filed, {expected} expected");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Contexts from a pool, as the hosts' factory (AddSavData) hands them out.</summary>
    private sealed class Factory(SavDatabase database) : IDbContextFactory<SavDbContext>
    {
        private readonly Func<SavDbContext> _create = database.Pooled();
        public SavDbContext CreateDbContext() => _create();
    }
}
