using System.Buffers;
using System.Collections.Concurrent;
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
public sealed partial class MailboxSweeper(
    IDbContextFactory<SavDbContext> dbFactory,
    IMailboxReader reader,
    MailFiler filer,
    ReplyMatcher matcher,
    IOptions<MailboxOptions> options,
    IOptions<DocumentOptions> documents,
    TimeProvider clock,
    ILogger<MailboxSweeper> logger,
    Health.MailJobMonitor? monitor = null)
{
    private enum Result { Filed, Unmatched, Ignored, Rejected, AlreadySeen }

    /// <summary>Tells machine mail and loops from a person's reply; a seam for tests.</summary>
    internal Func<MimeMessage, IReadOnlySet<string>, (string? Reason, MachineMail.MachineVerdict? Verdict)> Classify { get; set; } =
        MailClassifier.Classify;

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

    /// <summary>Sweeps the mailbox once; a run that ends on a failure of the outside (<see cref="SweepFailure"/>) is
    /// recorded as failed, for <c>/health</c> and « Santé des mails », and the next run starts where it stopped.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await SweepOnceAsync(cancellationToken);
            if (monitor is not null) await monitor.SucceededAsync(Health.MailJob.Sweep, cancellationToken);
            return report;
        }
        catch (Exception e) when (monitor is not null && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await monitor.FailedAsync(Health.MailJob.Sweep, e, CancellationToken.None);
            throw;
        }
    }

    private async Task<SweepReport> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var own = await OwnAddressesAsync(cancellationToken);
        var turns = new Turns(settings.Parallelism);
        // Messages still waiting for their turn when the sweep stops (a failure) are not started.
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var lookups = await SweepLookups.OpenAsync(dbFactory, cancellationToken);
        var counts = new int[5];
        var seen = new HashSet<string>();
        // Tickets by code and codes by ticket, as matched and filed in this sweep: a code never changes ticket.
        var tickets = new ConcurrentDictionary<string, int>();
        var codes = new ConcurrentDictionary<int, string>();
        // Message-IDs whose files are being stored in this sweep: a second copy in the same pass stores nothing ahead.
        var claimed = new ConcurrentDictionary<string, bool>();
        // Messages whose files are stored, recorded together in one transaction, then marked processed.
        var stored = new List<(MailboxItem Item, StoredMail Mail)>();
        // A full batch is recorded while the next messages are prepared: one batch at a time, in mailbox order.
        var recording = Task.CompletedTask;
        async Task RecordBehindAsync()
        {
            await recording;
            var batch = Take(stored);
            recording = Task.Run(() => RecordStoredAsync(batch, counts, cancellationToken), cancellationToken);
        }
        async Task RecordNowAsync(CancellationToken ct)
        {
            await recording;
            await RecordStoredAsync(Take(stored), counts, ct);
        }
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var items = await reader.ListAsync(settings.BatchSize, cancellationToken);
                // A mailbox that refuses to mark lists the same messages again: they were handled, stop there.
                var fresh = items.Where(i => seen.Add(i.Key)).ToList();
                // The next few messages are read and parsed (the costly part) while one is filed; filing stays in
                // mailbox order, so replies land on a ticket in the order they came. Parallelism messages are read and
                // parsed at once, four times as many store their files (mostly waiting for the disk), and a few more wait
                // their turn, so that the next one starts as soon as a turn is free: one whose file takes long to reach
                // the disk does not hold the others back.
                var window = new Queue<Task<Prepared>>();
                using var next = fresh.GetEnumerator();
                while (true)
                {
                    while (window.Count < LookAhead * settings.Parallelism && next.MoveNext())
                    {
                        var item = next.Current;
                        window.Enqueue(PrepareInTurnAsync(item, own, lookups, tickets, codes, claimed, turns, stopped.Token, cancellationToken));
                    }
                    if (window.Count == 0) break;
                    var prepared = await window.Dequeue();
                    if (prepared.Filing is not { } filing)
                    {
                        await RecordNowAsync(cancellationToken);
                        var complete = prepared.Complete!;
                        Interlocked.Increment(ref counts[(int)await GuardedAsync(prepared.Item, "enregistrement", () => complete(cancellationToken), cancellationToken)]);
                        continue;
                    }
                    if (filing.Mail is null && claimed.ContainsKey(filing.Row.MessageId))
                    {
                        // Another copy of it in this pass stores and files it (or, failing, stays in the mailbox for the next sweep).
                        filing.Release();
                        await reader.MarkProcessedAsync(filing.Item, cancellationToken);
                        Interlocked.Increment(ref counts[(int)Result.AlreadySeen]);
                        continue;
                    }
                    if (stored.Any(s => s.Mail.Row.MessageId == filing.Row.MessageId))
                    {
                        // The same message twice in one pass: the first is recorded, the second is then recognised.
                        await RecordNowAsync(cancellationToken);
                        if (await lookups.SeenAsync(filing.Row.MessageId, cancellationToken))
                        {
                            filing.Release();
                            await reader.MarkProcessedAsync(filing.Item, cancellationToken);
                            Interlocked.Increment(ref counts[(int)Result.AlreadySeen]);
                            continue;
                        }
                    }
                    StoredMail? mail;
                    try
                    {
                        mail = filing.Mail
                            ?? await filer.StoreAsync(filing.Parsed, filing.Row, filing.TicketId, filing.Parsed.FromAddress ?? "mail", codes, cancellationToken);
                    }
                    catch (Exception e) when (!SweepFailure.IsOutside(e))
                    {
                        filing.Release();
                        Interlocked.Increment(ref counts[(int)await QuarantineAsync(filing.Item, SweepFailure.Reason("pièces jointes", e), e, cancellationToken)]);
                        continue;
                    }
                    // The attachments are in the store: nothing reads the message's bytes any more.
                    filing.Release();
                    stored.Add((filing.Item, mail));
                    if (stored.Count >= settings.FileTogether) await RecordBehindAsync();
                }
                await RecordNowAsync(cancellationToken);
                if (fresh.Count == 0 || items.Count < settings.BatchSize) break;
            }
        }
        catch when (stored.Count > 0 || !recording.IsCompleted)
        {
            // What was stored before the failure is filed still; the failure then stops the sweep.
            try
            {
                // A batch whose recording failed is the failure itself; the one still being recorded is waited for.
                if (!recording.IsFaulted) await recording;
                await RecordStoredAsync(Take(stored), counts, CancellationToken.None);
            }
            catch (Exception e) { logger.LogWarning(e, "Mailbox sweep of {Mailbox}: the messages stored before a failure could not be recorded", reader.Name); }
            throw;
        }
        finally { await stopped.CancelAsync(); }
        var report = new SweepReport(counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (report.Total > 0) logger.LogInformation("Mailbox sweep of {Mailbox}: {Report}", reader.Name, report);
        return report;
    }

    /// <summary>A message read and matched: either to file on a ticket, or what remains to do (record it, or only mark it).</summary>
    private sealed record Prepared(Func<CancellationToken, Task<Result>>? Complete, Filing? Filing = null)
    {
        public MailboxItem Item { get; init; } = null!;
    }

    /// <summary>A message to file; its attachments read the message's pooled buffer, given back by <see cref="Release"/> once they are stored.</summary>
    private sealed record Filing(MailboxItem Item, InboundMail Row, ParsedMail Parsed, int TicketId)
    {
        public Action Release { get; init; } = () => { };
        /// <summary>Its files, when they were stored as the message was prepared.</summary>
        public StoredMail? Mail { get; init; }
    }

    /// <summary>Records the stored messages in one transaction, then marks them processed: a crash before the commit
    /// leaves them all in the mailbox for the next sweep, one after it leaves them recognised by Message-ID.</summary>
    private async Task RecordStoredAsync(List<(MailboxItem Item, StoredMail Mail)> batch, int[] counts, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var results = new Result?[batch.Count];
        Exception? failure = null;
        try
        {
            await filer.RecordAllAsync(batch.Select(b => b.Mail).ToList(), ct);
            Array.Fill(results, Result.Filed);
        }
        catch (Exception e) when (e is DbUpdateException || !SweepFailure.IsOutside(e))
        {
            // One of them cannot be recorded (another sweeper filed it a moment ago, the database refuses it, or the
            // message itself fails): one at a time, so that the others are filed all the same.
            for (var i = 0; i < batch.Count; i++)
            {
                var (item, mail) = batch[i];
                try { results[i] = await GuardedAsync(item, "enregistrement", () => RecordOneAsync(mail, ct), ct); }
                catch (DbUpdateException one) { failure ??= one; }
            }
        }
        var done = batch.Where((_, i) => results[i] is not null).Select(b => b.Item).ToList();
        if (done.Count > 0) await reader.MarkProcessedAsync(done, ct);
        foreach (var result in results)
        {
            if (result is { } counted) Interlocked.Increment(ref counts[(int)counted]);
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private static List<(MailboxItem Item, StoredMail Mail)> Take(List<(MailboxItem Item, StoredMail Mail)> stored)
    {
        var batch = stored.ToList();
        stored.Clear();
        return batch;
    }

    private async Task<Result> RecordOneAsync(StoredMail mail, CancellationToken ct)
    {
        try
        {
            await filer.RecordAsync(mail, ct);
            return Result.Filed;
        }
        catch (DbUpdateException)
        {
            // Another sweeper filed it a moment ago: its files here are orphans, its rows are not doubled.
            if (!await SeenAsync(mail.Row.MessageId, CancellationToken.None)) throw;
            return Result.AlreadySeen;
        }
    }

    /// <summary>Messages started and not yet filed, per message read and parsed at once.</summary>
    private const int LookAhead = 8;

    /// <summary>A message this large also takes one of the fewer turns for large messages to store its files.</summary>
    internal const int LargeMessageBytes = 16 * 1024 * 1024;

    /// <summary>Turns to read and parse a message (<see cref="MailboxOptions.Parallelism"/>, the CPU's share), then to
    /// store its files (four times as many: storing is mostly waiting for the disk, a file's blocks and its flush). A
    /// message holds its bytes until its files are stored: the turns bound the memory, not only the CPU, and a message over
    /// <see cref="LargeMessageBytes"/> also takes one of twice <see cref="MailboxOptions.Parallelism"/> turns for large ones.</summary>
    private sealed class Turns(int parallelism)
    {
        private readonly SemaphoreSlim _parsing = new(parallelism);
        private readonly SemaphoreSlim _storing = new(4 * parallelism);
        private readonly SemaphoreSlim _large = new(2 * parallelism);

        public async Task<Turn> ParseAsync(CancellationToken stopped)
        {
            await _parsing.WaitAsync(stopped);
            return new Turn(this, stopped);
        }

        public sealed class Turn(Turns turns, CancellationToken stopped)
        {
            private SemaphoreSlim? _held = turns._parsing;
            private SemaphoreSlim? _large;

            /// <summary>Gives the parsing turn to the next message and waits for a turn to store.</summary>
            public async Task StoreAsync(long messageBytes)
            {
                Release();
                if (messageBytes > LargeMessageBytes)
                {
                    await turns._large.WaitAsync(stopped);
                    _large = turns._large;
                }
                await turns._storing.WaitAsync(stopped);
                _held = turns._storing;
            }

            public void Release()
            {
                Interlocked.Exchange(ref _held, null)?.Release();
                Interlocked.Exchange(ref _large, null)?.Release();
            }
        }
    }

    /// <summary>Prepares the message once a turn is free: a message waiting for its turn holds nothing, not even its bytes.
    /// One still waiting when the sweep stops (<paramref name="stopped"/>) is not started.</summary>
    private async Task<Prepared> PrepareInTurnAsync(MailboxItem item, IReadOnlySet<string> own, SweepLookups lookups, ConcurrentDictionary<string, int> tickets,
        ConcurrentDictionary<int, string> codes, ConcurrentDictionary<string, bool> claimed, Turns turns, CancellationToken stopped, CancellationToken ct)
    {
        var turn = await turns.ParseAsync(stopped);
        try { return await Task.Run(() => PrepareAsync(item, own, lookups, tickets, codes, claimed, turn, ct), ct) with { Item = item }; }
        catch (Exception e) when (!SweepFailure.IsOutside(e))
        {
            // Whatever reading, parsing, classifying or matching this message threw is this message's alone.
            var reason = SweepFailure.Reason("lecture", e);
            return new Prepared(token => QuarantineAsync(item, reason, e, token)) { Item = item };
        }
        finally { turn.Release(); }
    }

    /// <summary>Reads, parses and matches a message; returns what remains to do: record it, file it, or only mark it.</summary>
    private async Task<Prepared> PrepareAsync(MailboxItem item, IReadOnlySet<string> own, SweepLookups lookups, ConcurrentDictionary<string, int> tickets,
        ConcurrentDictionary<int, string> codes, ConcurrentDictionary<string, bool> claimed, Turns.Turn turn, CancellationToken ct)
    {
        byte[] raw;
        int length;
        try { (raw, length) = await ReadAsync(item, options.Value.MaxMessageBytes, ct); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Another sweeper (a second gateway) took the file first: it is its to record.
            return new Prepared(_ => Task.FromResult(Result.AlreadySeen));
        }
        // The message is read into a pooled buffer, given back once nothing reads it: what is kept raw gets an exact
        // copy, what is filed gives it back once its attachments (decoded from it) are stored. Reading that ran out of
        // time may still be at work on it: that buffer, and any after a failure, is left to the garbage collector.
        var release = true;
        try
        {
            var prepared = await PrepareAsync(item, raw, length, own, lookups, tickets, () => release = false, ct);
            if (prepared.Filing is not { } filing || !release) return prepared;
            if (claimed.TryAdd(filing.Row.MessageId, true))
            {
                // Files are written while the next message is parsed: the store's writes overlap the parsing; the
                // records still follow mailbox order.
                await turn.StoreAsync(length);
                release = false;
                var mail = await filer.StoreAsync(filing.Parsed, filing.Row, filing.TicketId, filing.Parsed.FromAddress ?? "mail", codes, ct);
                release = true;
                return prepared with { Filing = filing with { Mail = mail } };
            }
            release = false;
            var given = 0;
            return prepared with
            {
                Filing = filing with { Release = () => { if (Interlocked.Exchange(ref given, 1) == 0) ArrayPool<byte>.Shared.Return(raw); } },
            };
        }
        catch
        {
            release = false;
            throw;
        }
        finally
        {
            if (release) ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private async Task<Prepared> PrepareAsync(MailboxItem item, byte[] raw, int length, IReadOnlySet<string> own, SweepLookups lookups,
        ConcurrentDictionary<string, int> tickets, Action abandoned, CancellationToken ct)
    {
        var settings = options.Value;
        var row = new InboundMail { Mailbox = MailFiler.Truncate(reader.Name, 254), ReceivedAt = clock.GetUtcNow() };

        if (length > settings.MaxMessageBytes)
        {
            var headers = HeadersOf(raw, length);
            row.MessageId = IdFromHeaders(headers) ?? Synthetic(raw.AsSpan(0, length));
            Describe(row, headers?[HeaderId.From], headers?[HeaderId.Subject]);
            row.Error = $"Message over Mailbox:MaxMessageBytes ({settings.MaxMessageBytes} bytes): not read.";
            return new Prepared(token => RecordAsync(item, row, InboundOutcome.Rejected, null, Result.Rejected, token));
        }

        MimeMessage message;
        try { message = await WithinBudgetAsync(token => InboundParser.Load(raw, length, token), ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (e is TimeoutException) abandoned();
            row.MessageId = Synthetic(raw.AsSpan(0, length));
            row.Error = Unreadable(e);
            var kept = raw.AsSpan(0, length).ToArray();
            return new Prepared(token => RecordAsync(item, row, InboundOutcome.Rejected, kept, Result.Rejected, token));
        }

        row.MessageId = InboundParser.MessageIdOf(message, raw.AsSpan(0, length));
        Describe(row, message.From.ToString(), message.Subject);
        if (await lookups.SeenAsync(row.MessageId, ct))
        {
            return new Prepared(async token =>
            {
                await reader.MarkProcessedAsync(item, token);
                return Result.AlreadySeen;
            });
        }
        if (Classify(message, own) is ({ } reason, var verdict))
        {
            row.Error = reason;
            var bounce = verdict?.Kind == MachineMail.MachineKind.DeliveryFailure ? MachineMail.BounceReader.Read(message) : null;
            IReadOnlyList<string> answered = [.. new[] { message.InReplyTo }.Concat(message.References).OfType<string>().Take(20)];
            var subject = message.Subject;
            if (bounce is not null)
            {
                row.BounceRecipient = bounce.Recipient is { } named ? MailFiler.Truncate(named, 254) : null;
                row.BounceReason = MailFiler.Truncate(bounce.Reason, 500);
            }
            return new Prepared(token => RecordAsync(item, row, InboundOutcome.IgnoredAutoReply, null, Result.Ignored, token,
                bounce is null ? null : db => MachineMail.BounceLinker.LinkAsync(db, matcher, bounce, answered, subject, clock.GetUtcNow(), token)));
        }

        ParsedMail parsed;
        try { parsed = await WithinBudgetAsync(token => InboundParser.Read(message, row.MessageId, documents.Value.MaxBytes, token), ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (e is TimeoutException) abandoned();
            row.Error = Unreadable(e);
            var kept = raw.AsSpan(0, length).ToArray();
            return new Prepared(token => RecordAsync(item, row, InboundOutcome.Rejected, kept, Result.Rejected, token));
        }

        var ticketId = await lookups.MatchAsync(matcher, parsed.Subject, parsed.References, tickets, ct);
        if (ticketId is null)
        {
            var kept = raw.AsSpan(0, length).ToArray();
            return new Prepared(token => RecordAsync(item, row, InboundOutcome.Unmatched, kept, Result.Unmatched, token));
        }

        return new Prepared(null, new Filing(item, row, parsed, ticketId.Value));
    }

    /// <summary>The message in a buffer from the shared pool, up to one byte more than <paramref name="max"/>.</summary>
    private async Task<(byte[] Raw, int Length)> ReadAsync(MailboxItem item, long max, CancellationToken ct)
    {
        await using var stream = await reader.OpenAsync(item, max, ct);
        var limit = (int)Math.Min(int.MaxValue - 1, max + 1);
        // A message the reader already holds in a pooled buffer (IMAP) is taken as it is, not copied again.
        if (stream is PooledStream pooled && pooled.Detach() is { } held) return (held.Buffer, Math.Min(held.Length, limit));
        var pool = ArrayPool<byte>.Shared;
        // One byte more than a seekable stream holds: the read that returns nothing then needs no larger buffer.
        var buffer = pool.Rent(stream.CanSeek ? (int)Math.Min(limit, stream.Length - stream.Position + 1) : Math.Min(limit, 1 << 20));
        var length = 0;
        try
        {
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(limit, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), ct);
                if (read == 0) break;
                length += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
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
            // The work checks the token as it goes; WaitAsync stops waiting even if some call never does. The token's
            // timer can fire late when the thread pool is busy: work that ends after its budget is over budget all the same.
            return await Task.Run(() =>
            {
                var started = Stopwatch.GetTimestamp();
                var result = work(cancel.Token);
                if (Stopwatch.GetElapsedTime(started) > budget) throw new OperationCanceledException(cancel.Token);
                return result;
            }, cancel.Token).WaitAsync(budget + TimeSpan.FromSeconds(1), ct);
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
        catch (Exception e) when (!SweepFailure.IsOutside(e)) { return null; }
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
