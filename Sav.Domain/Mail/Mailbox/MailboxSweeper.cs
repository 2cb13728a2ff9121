using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Domain.Data;
using Sav.Domain.Documents;

namespace Sav.Domain.Mail.Mailbox;

public sealed record SweepReport(int Filed, int Unmatched, int Ignored, int Rejected, int AlreadySeen)
{
    public static readonly SweepReport Empty = new(0, 0, 0, 0, 0);
    public int Total => Filed + Unmatched + Ignored + Rejected + AlreadySeen;
    public SweepReport Plus(SweepReport other) => new(Filed + other.Filed, Unmatched + other.Unmatched, Ignored + other.Ignored,
        Rejected + other.Rejected, AlreadySeen + other.AlreadySeen);
}

/// <summary>Reads the mailbox and gives every message one recorded outcome: filed on its ticket, ignored
/// (auto-reply, bounce, loop), quarantined (matched nothing) or rejected (could not be read). Idempotent by
/// Message-ID: a message seen before is only marked processed again. A failure of the store or the database
/// stops the sweep with the message unmarked, so the next sweep takes it again.</summary>
public sealed class MailboxSweeper(
    IDbContextFactory<SavDbContext> dbFactory,
    IMailboxReader reader,
    MailFiler filer,
    ReplyMatcher matcher,
    IOptions<MailboxOptions> options,
    IOptions<DocumentOptions> documents,
    TimeProvider clock,
    ILogger<MailboxSweeper> logger)
{
    private enum Result { Filed, Unmatched, Ignored, Rejected, AlreadySeen }

    /// <summary>Sweeps, then watches the mailbox for <paramref name="watchFor"/>, filing what arrives at once.</summary>
    public async Task<SweepReport> SweepAndWatchAsync(TimeSpan watchFor, CancellationToken cancellationToken)
    {
        var report = await SweepAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && watch.Elapsed < watchFor)
        {
            await reader.WaitForNewAsync(watchFor - watch.Elapsed, cancellationToken);
            report = report.Plus(await SweepAsync(cancellationToken));
        }
        return report;
    }

    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var own = await OwnAddressesAsync(cancellationToken);
        var counts = new int[5];
        var seen = new HashSet<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var items = await reader.ListAsync(settings.BatchSize, cancellationToken);
            // A mailbox that refuses to mark lists the same messages again: they were handled, stop there.
            var fresh = items.Where(i => seen.Add(i.Key)).ToList();
            // The next few messages are read and parsed (the costly part) while one is filed; filing stays in
            // mailbox order, one message at a time, so replies land on a ticket in the order they came.
            var window = new Queue<Task<Func<CancellationToken, Task<Result>>>>();
            using var next = fresh.GetEnumerator();
            while (true)
            {
                while (window.Count < settings.Parallelism && next.MoveNext())
                {
                    var item = next.Current;
                    window.Enqueue(Task.Run(() => PrepareAsync(item, own, cancellationToken), cancellationToken));
                }
                if (window.Count == 0) break;
                var complete = await window.Dequeue();
                counts[(int)await complete(cancellationToken)]++;
            }
            if (fresh.Count == 0 || items.Count < settings.BatchSize) break;
        }
        var report = new SweepReport(counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (report.Total > 0) logger.LogInformation("Mailbox sweep of {Mailbox}: {Report}", reader.Name, report);
        return report;
    }

    /// <summary>Reads, parses and matches a message; returns what remains to do: record it, file it, or only mark it.</summary>
    private async Task<Func<CancellationToken, Task<Result>>> PrepareAsync(MailboxItem item, IReadOnlySet<string> own, CancellationToken ct)
    {
        var settings = options.Value;
        var (raw, length) = await ReadAsync(item, settings.MaxMessageBytes, ct);
        var row = new InboundMail { Mailbox = MailFiler.Truncate(reader.Name, 254), ReceivedAt = clock.GetUtcNow() };

        if (length > settings.MaxMessageBytes)
        {
            var headers = HeadersOf(raw, length);
            row.MessageId = IdFromHeaders(headers) ?? Synthetic(raw.AsSpan(0, length));
            Describe(row, headers?[HeaderId.From], headers?[HeaderId.Subject]);
            row.Error = $"Message over Mailbox:MaxMessageBytes ({settings.MaxMessageBytes} bytes): not read.";
            return token => RecordAsync(item, row, InboundOutcome.Rejected, null, Result.Rejected, token);
        }

        MimeMessage message;
        try { message = await WithinBudgetAsync(token => InboundParser.Load(raw, length, token), ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            row.MessageId = Synthetic(raw.AsSpan(0, length));
            row.Error = Unreadable(e);
            return token => RecordAsync(item, row, InboundOutcome.Rejected, (raw, length), Result.Rejected, token);
        }

        row.MessageId = InboundParser.MessageIdOf(message, raw.AsSpan(0, length));
        Describe(row, message.From.ToString(), message.Subject);
        if (await SeenAsync(row.MessageId, ct))
        {
            return async token =>
            {
                await reader.MarkProcessedAsync(item, token);
                return Result.AlreadySeen;
            };
        }
        if (MailClassifier.IgnoreReason(message, own) is { } reason)
        {
            row.Error = reason;
            return token => RecordAsync(item, row, InboundOutcome.IgnoredAutoReply, null, Result.Ignored, token);
        }

        ParsedMail parsed;
        try { parsed = await WithinBudgetAsync(token => InboundParser.Read(message, row.MessageId, documents.Value.MaxBytes, token), ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            row.Error = Unreadable(e);
            return token => RecordAsync(item, row, InboundOutcome.Rejected, (raw, length), Result.Rejected, token);
        }

        int? ticketId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ticketId = await matcher.MatchAsync(db, parsed.Subject, parsed.References, ct);
        if (ticketId is null)
            return token => RecordAsync(item, row, InboundOutcome.Unmatched, (raw, length), Result.Unmatched, token);

        return token => FileAsync(item, row, parsed, ticketId.Value, token);
    }

    private async Task<Result> FileAsync(MailboxItem item, InboundMail row, ParsedMail parsed, int ticketId, CancellationToken ct)
    {
        var result = Result.Filed;
        try { await filer.FileAsync(parsed, row, ticketId, parsed.FromAddress ?? "mail", ct); }
        catch (DbUpdateException)
        {
            // Another sweeper filed it a moment ago: its files here are orphans, its rows are not doubled.
            if (!await SeenAsync(row.MessageId, CancellationToken.None)) throw;
            result = Result.AlreadySeen;
        }
        await reader.MarkProcessedAsync(item, ct);
        return result;
    }

    private async Task<Result> RecordAsync(MailboxItem item, InboundMail row, InboundOutcome outcome, (byte[] Raw, int Length)? keep,
        Result result, CancellationToken ct)
    {
        row.Outcome = outcome;
        if (row.Error is { Length: > 4000 }) row.Error = row.Error[..4000];
        if (keep is { } raw) row.RawPath = await KeepRawAsync(row.MessageId, raw.Raw, raw.Length, ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.InboundMails.Add(row);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await SeenAsync(row.MessageId, CancellationToken.None)) throw;
            result = Result.AlreadySeen;
        }
        await reader.MarkProcessedAsync(item, ct);
        return result;
    }

    /// <summary>The raw message on disk, named after its Message-ID so that a second sweep writes the same file.</summary>
    private async Task<string> KeepRawAsync(string messageId, byte[] raw, int length, CancellationToken ct)
    {
        var folder = Path.GetFullPath(options.Value.QuarantineFolder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32] + ".eml");
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, raw.AsMemory(0, length).ToArray(), ct);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private async Task<(byte[] Raw, int Length)> ReadAsync(MailboxItem item, long max, CancellationToken ct)
    {
        await using var stream = await reader.OpenAsync(item, max, ct);
        var limit = (int)Math.Min(int.MaxValue - 1, max + 1);
        var buffer = new byte[stream.CanSeek ? (int)Math.Min(limit, stream.Length) : Math.Min(limit, 1 << 20)];
        var length = 0;
        while (length < limit)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(limit, (long)buffer.Length * 2));
            var read = await stream.ReadAsync(buffer.AsMemory(length, buffer.Length - length), ct);
            if (read == 0) break;
            length += read;
        }
        return (buffer, length);
    }

    private async Task<T> WithinBudgetAsync<T>(Func<CancellationToken, T> work, CancellationToken ct)
    {
        var budget = options.Value.MessageBudget;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(budget);
        try
        {
            // The work checks the token as it goes; WaitAsync stops waiting even if some call never does.
            return await Task.Run(() => work(cancel.Token), cancel.Token).WaitAsync(budget + TimeSpan.FromSeconds(1), ct);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Reading the message took longer than Mailbox:MessageBudget ({budget}).", e);
        }
    }

    private async Task<bool> SeenAsync(string messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboundMails.AnyAsync(m => m.MessageId == messageId, ct);
    }

    private async Task<IReadOnlySet<string>> OwnAddressesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var brands = await db.Brands.Select(b => new { b.SenderAddress, b.ReplyTo }).ToListAsync(ct);
        var own = new HashSet<string>(options.Value.OwnAddresses, StringComparer.OrdinalIgnoreCase);
        foreach (var brand in brands)
        {
            foreach (var text in new[] { brand.SenderAddress, brand.ReplyTo })
            {
                if (!string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(text, out var address)) own.Add(address.Address);
            }
        }
        return own;
    }

    private static HeaderList? HeadersOf(byte[] raw, int length)
    {
        try { return HeaderList.Load(InboundParser.Options, new MemoryStream(raw, 0, length, writable: false)); }
        catch (FormatException) { return null; }
    }

    private static string? IdFromHeaders(HeaderList? headers) =>
        headers?[HeaderId.MessageId]?.Trim().Trim('<', '>').Trim() is { Length: > 0 and <= 900 } id ? id : null;

    private static string Synthetic(ReadOnlySpan<byte> raw) => $"{Convert.ToHexStringLower(SHA256.HashData(raw))}@synthetic.sav";

    private static void Describe(InboundMail row, string? from, string? subject)
    {
        row.From = from is null ? null : MailFiler.Truncate(from, 998);
        row.Subject = subject is null ? null : MailFiler.Truncate(subject, 998);
    }

    private static string Unreadable(Exception e) => $"Unreadable message: {e.GetType().Name}: {e.Message}";
}
