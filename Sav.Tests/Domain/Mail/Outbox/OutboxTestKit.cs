using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Sav.Domain.Data;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Senders;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail.Outbox;

/// <summary>A provider that records what it was given, and can fail a number of times first.</summary>
public sealed class RecordingSender(TimeProvider clock, int failures = 0, bool permanent = false, TimeSpan? latency = null) : IMailSender
{
    private int _calls;
    public ConcurrentQueue<(string MessageId, DateTimeOffset At)> Sent { get; } = new();
    public int Calls => _calls;

    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (latency is { } delay) await Task.Delay(delay, cancellationToken);
        if (call <= failures)
        {
            if (permanent) throw new PermanentMailException("550 5.1.1 mailbox unknown");
            throw new IOException($"connection reset (call {call})");
        }
        Sent.Enqueue((message.MessageId ?? "", clock.GetUtcNow()));
        return $"provider-{call}";
    }
}

public static class OutboxTestKit
{
    public static OutboxDispatcher Dispatcher(IDbContextFactory<SavDbContext> database, IMailSender sender, MailOptions settings, TimeProvider clock) =>
        new(database, sender, new MailComposer(new TicketContexts(TestServices.Secret), Options.Create(settings), clock),
            Options.Create(settings), clock, NullLogger<OutboxDispatcher>.Instance);

    /// <summary>Writes <paramref name="count"/> pending mails, due now.</summary>
    public static async Task<List<int>> EnqueueAsync(IDbContextFactory<SavDbContext> database, TimeProvider clock, int count, int htmlBytes = 200)
    {
        await using var db = await database.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        var rows = Enumerable.Range(1, count).Select(i => new OutboxMessage
        {
            Template = "Status",
            Recipient = $"client{i}@example.com",
            RecipientName = $"Client {i}",
            FromName = "SAV Lumeo",
            FromAddress = "sav@lumeo.example",
            MessageId = $"{Guid.NewGuid():N}@sav.test",
            Subject = $"Ticket N° T{i}#ABCDE# - Écran {i}",
            Html = "<p>" + new string('x', htmlBytes) + "</p>",
            Text = "Bonjour",
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        }).ToList();
        db.OutboxMessages.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    public static async Task<List<OutboxMessage>> RowsAsync(IDbContextFactory<SavDbContext> database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Two dispatchers (two gateways) run together every minute over 35 mails with a quota of 10 a minute.</summary>
    public static async Task RaceAsync(IDbContextFactory<SavDbContext> database, FakeTimeProvider clock)
    {
        var settings = new MailOptions { PerMinute = 10, PerDay = 200, BatchSize = 3 };
        var sender = new RecordingSender(clock, latency: TimeSpan.FromMilliseconds(5));
        var first = Dispatcher(database, sender, settings, clock);
        var second = Dispatcher(database, sender, settings, clock);
        await EnqueueAsync(database, clock, 35);

        for (var minute = 0; minute < 4; minute++)
        {
            var before = sender.Sent.Count;
            var sent = await Task.WhenAll(Task.Run(() => first.DispatchAsync()), Task.Run(() => second.DispatchAsync()));
            Assert.Equal(minute < 3 ? 10 : 5, sent.Sum());
            Assert.Equal(sent.Sum(), sender.Sent.Count - before);
            clock.Advance(TimeSpan.FromSeconds(61));
        }

        var rows = await RowsAsync(database);
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));
        Assert.Equal(35, sender.Sent.Count);
        Assert.Equal(rows.Select(r => r.MessageId).Order(), sender.Sent.Select(s => s.MessageId).Order());
    }
}
