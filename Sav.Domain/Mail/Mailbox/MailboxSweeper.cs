using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
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
    /// <summary>A message this large also takes one of the fewer turns for large messages to store its files.</summary>
    internal const int LargeMessageBytes = 16 * 1024 * 1024;

    /// <summary>Messages started and not yet filed, per message read and parsed at once.</summary>
    private const int LookAhead = 8;

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
    public Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
        => Health.MailJobMonitor.RecordAsync(monitor, Health.MailJob.Sweep, SweepOnceAsync, cancellationToken);

    private async Task<SweepReport> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var own = await OwnAddressesAsync(cancellationToken);
        await using var pass = new SweepPass(own, await SweepLookups.OpenAsync(dbFactory, cancellationToken), settings.Parallelism);
        var batches = new StoredBatches(settings.FileTogether, (batch, ct) => RecordStoredAsync(batch, pass, ct));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var items = await reader.ListAsync(settings.BatchSize, cancellationToken);
                // A mailbox that refuses to mark lists the same messages again: they were handled, stop there.
                var fresh = items.Where(i => pass.Listed.Add(i.Key)).ToList();
                await SweepAsync(fresh, pass, batches, cancellationToken);
                await batches.RecordNowAsync(cancellationToken);
                if (fresh.Count == 0 || items.Count < settings.BatchSize) break;
            }
        }
        catch
        {
            // What was stored before the failure is filed still; the failure then stops the sweep.
            try { await batches.SalvageAsync(); }
            catch (Exception e) { logger.LogWarning(e, "Mailbox sweep of {Mailbox}: the messages stored before a failure could not be recorded", reader.Name); }
            throw;
        }
        var report = pass.Report;
        if (report.Total > 0) logger.LogInformation("Mailbox sweep of {Mailbox}: {Report}", reader.Name, report);
        return report;
    }

    /// <summary>
    /// The sweep of one listing, in three stages: each message is read, parsed and matched (the costly part,
    /// <see cref="MailboxOptions.Parallelism"/> at once), its files stored (four times as many at once: storing is mostly
    /// waiting for the disk), then filed in mailbox order, so that replies land on a ticket in the order they came. A few
    /// more messages than are at work wait their turn, so that one whose file is slow to reach the disk does not hold the
    /// others back; a message waiting for its turn holds nothing, not even its bytes. A failure of the outside stops every
    /// stage: messages not yet started are not started.
    /// </summary>
    private async Task SweepAsync(IReadOnlyList<MailboxItem> items, SweepPass pass, StoredBatches batches, CancellationToken ct)
    {
        var parallelism = options.Value.Parallelism;
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ExceptionDispatchInfo? failure = null;
        Func<TIn, Task<TOut>> StopOnFailure<TIn, TOut>(Func<TIn, Task<TOut>> step) => async input =>
        {
            try { return await step(input); }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                await stopped.CancelAsync();
                throw;
            }
        };
        ExecutionDataflowBlockOptions Stage(int atOnce, int capacity) => new()
        {
            MaxDegreeOfParallelism = atOnce, BoundedCapacity = capacity, EnsureOrdered = true, CancellationToken = stopped.Token,
        };

        var reading = new TransformBlock<MailboxItem, Prepared>(StopOnFailure((MailboxItem item) => PrepareAsync(item, pass, ct)),
            Stage(parallelism, 2 * parallelism));
        var storing = new TransformBlock<Prepared, Prepared>(StopOnFailure((Prepared prepared) => StoreFilesAsync(prepared, pass, stopped.Token, ct)),
            Stage(4 * parallelism, LookAhead * parallelism));
        var filing = new ActionBlock<Prepared>(StopOnFailure(async (Prepared prepared) => { await FileAsync(prepared, pass, batches, ct); return true; }),
            Stage(1, 1));
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        reading.LinkTo(storing, link);
        storing.LinkTo(filing, link);

        try
        {
            foreach (var item in items)
                if (!await reading.SendAsync(item, stopped.Token)) break;
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested) { }
        finally { reading.Complete(); }
        // Every stage has ended before the sweep goes on: after a failure, no message is still being read or stored
        // with the pass's connection closed under it.
        try { await Task.WhenAll(reading.Completion, storing.Completion, filing.Completion); }
        catch (Exception) when (failure is not null || stopped.IsCancellationRequested) { }
        failure?.Throw();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>A message read and matched: either to file on a ticket, or what remains to do (record it, or only mark it).</summary>
    private sealed record Prepared(MailboxItem Item, Func<CancellationToken, Task<SweepResult>>? Complete, Filing? Filing = null);

    /// <summary>A message to file; its attachments read the message's pooled buffer, given back by <see cref="Release"/> once
    /// they are stored.</summary>
    private sealed record Filing(MailboxItem Item, InboundMail Row, ParsedMail Parsed, int TicketId, int Bytes)
    {
        public Action Release { get; init; } = () => { };
        /// <summary>Its files, when they were stored ahead of its turn to be filed.</summary>
        public StoredMail? Mail { get; init; }
    }

    /// <summary>Stores the files of a message to file ahead of its turn, unless another copy of it in this pass does. A
    /// message over <see cref="LargeMessageBytes"/> waits for one of the turns for large ones.</summary>
    private async Task<Prepared> StoreFilesAsync(Prepared prepared, SweepPass pass, CancellationToken stopped, CancellationToken ct)
    {
        if (prepared.Filing is not { } filing || !pass.Claimed.TryAdd(filing.Row.MessageId, true)) return prepared;
        var large = filing.Bytes > LargeMessageBytes;
        if (large) await pass.LargeTurns.WaitAsync(stopped);
        try
        {
            var mail = await filer.StoreAsync(filing.Parsed, filing.Row, filing.TicketId, filing.Parsed.FromAddress ?? "mail", pass.Codes, ct);
            filing.Release();
            return prepared with { Filing = filing with { Mail = mail } };
        }
        catch (Exception e) when (!SweepFailure.IsOutside(e))
        {
            // Its bytes may still be read by a decoder that ran out of time: they are left to the garbage collector.
            var reason = SweepFailure.Reason("pièces jointes", e);
            return prepared with { Complete = token => QuarantineAsync(prepared.Item, reason, e, token), Filing = null };
        }
        finally
        {
            if (large) pass.LargeTurns.Release();
        }
    }

    /// <summary>Gives the message its outcome, in mailbox order: a filed message joins the batch being recorded.</summary>
    private async Task FileAsync(Prepared prepared, SweepPass pass, StoredBatches batches, CancellationToken ct)
    {
        if (prepared.Filing is not { } filing)
        {
            // Recorded after the messages filed before it, as the mailbox has them.
            await batches.RecordNowAsync(ct);
            pass.Count(await GuardedAsync(prepared.Item, "enregistrement", () => prepared.Complete!(ct), ct));
            return;
        }
        filing.Release();
        if (filing.Mail is not { } mail)
        {
            // Another copy of it in this pass stores and files it (or, failing, stays in the mailbox for the next sweep).
            await reader.MarkProcessedAsync(filing.Item, ct);
            pass.Count(SweepResult.AlreadySeen);
            return;
        }
        await batches.AddAsync(filing.Item, mail, ct);
    }

    /// <summary>Records the stored messages in one transaction, then marks them processed: a crash before the commit
    /// leaves them all in the mailbox for the next sweep, one after it leaves them recognised by Message-ID.</summary>
    private async Task RecordStoredAsync(List<(MailboxItem Item, StoredMail Mail)> batch, SweepPass pass, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var results = new SweepResult?[batch.Count];
        Exception? failure = null;
        try
        {
            await filer.RecordAllAsync(batch.Select(b => b.Mail).ToList(), ct);
            Array.Fill(results, SweepResult.Filed);
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
            if (result is { } counted) pass.Count(counted);
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private async Task<SweepResult> RecordOneAsync(StoredMail mail, CancellationToken ct)
    {
        try
        {
            await filer.RecordAsync(mail, ct);
            return SweepResult.Filed;
        }
        catch (DbUpdateException)
        {
            // Another sweeper filed it a moment ago: its files here are orphans, its rows are not doubled.
            if (!await SeenAsync(mail.Row.MessageId, CancellationToken.None)) throw;
            return SweepResult.AlreadySeen;
        }
    }
}
