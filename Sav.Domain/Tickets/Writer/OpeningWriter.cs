using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Data.Statements;

namespace Sav.Domain.Tickets.Writer;

/// <summary>What an <see cref="OpeningWriter"/> has written since the start.</summary>
public readonly record struct OpeningWriterStats(long Commits, long Openings, TimeSpan Cpu);

/// <summary>
/// Writes openings in groups: one writer takes every opening waiting, writes them in one transaction,
/// a savepoint each, so that one that fails (a constraint, a row deleted meanwhile) fails alone, and
/// commits once for all. Each caller gets its answer after the commit: an accepted submission is
/// written. While a group is being written the next one gathers, so the busier the gateway, the fewer
/// commits per opening. An opening whose caller gave up before its turn is not written.
/// </summary>
internal sealed class OpeningWriter(IDbContextFactory<SavDbContext> dbFactory, TicketContexts contexts, WriteGate? gate)
{
    /// <summary>The most openings one transaction writes.</summary>
    public const int MaxBatch = 128;

    /// <summary>How long an idle writer keeps its connection and prepared statements for the next openings (a test
    /// shortens it).</summary>
    internal TimeSpan IdleLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether an idle connection is kept for the next openings.</summary>
    internal bool KeepsIdleConnection
    {
        get
        {
            lock (_queue) return _parked is not null;
        }
    }

    private readonly Queue<PendingOpening> _queue = new();
    private bool _draining;
    private WriterSession? _parked;
    private OpeningSql? _sql;
    private readonly OpeningRows _rows = new(contexts);

    private long _commits;
    private long _written;
    private long _cpuTicks;

    /// <summary>How many commits the writer made, how many openings they wrote, and the CPU time its batches took (on
    /// SQLite, whose calls complete on the writer's thread; zero where the thread's time cannot be read).</summary>
    public OpeningWriterStats Written => new(Interlocked.Read(ref _commits), Interlocked.Read(ref _written),
        TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks)));

    /// <summary>How many openings wait for the writer.</summary>
    public int Queued
    {
        get { lock (_queue) return _queue.Count; }
    }

    public Task<OpenedTicket> WriteAsync(PendingOpening opening)
    {
        lock (_queue)
        {
            _queue.Enqueue(opening);
            if (_draining) return opening.Outcome.Task;
            _draining = true;
        }
        // The writer serves every caller: it must not carry the first one's context (its activity, its log scope).
        using (ExecutionContext.SuppressFlow()) _ = Task.Run(DrainAsync);
        return opening.Outcome.Task;
    }

    private List<PendingOpening> Take()
    {
        lock (_queue)
        {
            var batch = new List<PendingOpening>(Math.Min(_queue.Count, MaxBatch));
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
            if (batch.Count == 0) _draining = false;
            return batch;
        }
    }

    /// <summary>Writes batches while openings keep coming, on one connection whose statements stay prepared;
    /// the connection waits <see cref="IdleLifetime"/> for the next drain before it is closed.</summary>
    private async Task DrainAsync()
    {
        var session = Unpark();
        try
        {
            while (true)
            {
                List<PendingOpening>? batch = null;
                try
                {
                    // The gate first, then the queue: while another writer holds the gate, openings gather.
                    using (gate is null ? null : await gate.EnterAsync(CancellationToken.None))
                    {
                        batch = Take();
                        if (batch.Count == 0)
                        {
                            Park(session);
                            session = null;
                            return;
                        }
                        session ??= await WriterSession.OpenAsync(dbFactory);
                        var (thread, cpu) = (Environment.CurrentManagedThreadId, ThreadCpu.Now());
                        await WriteBatchAsync(session, batch);
                        if (thread == Environment.CurrentManagedThreadId && ThreadCpu.Now() - cpu is { } spent)
                            Interlocked.Add(ref _cpuTicks, spent.Ticks);
                    }
                }
                catch (Exception e)
                {
                    // After a failed batch the connection may be in any state: the next batch starts on a new one.
                    if (session is not null) await session.DisposeAsync();
                    session = null;
                    batch ??= Take();
                    foreach (var opening in batch) opening.Outcome.TrySetException(e);
                    if (batch.Count == 0) return;
                }
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
        }
    }

    private WriterSession? Unpark()
    {
        lock (_queue)
        {
            var session = _parked;
            _parked = null;
            return session;
        }
    }

    /// <summary>Keeps the session for the next drain, <see cref="IdleLifetime"/> at most. A drain that started
    /// meanwhile has a session of its own: the one parked before is closed.</summary>
    private void Park(WriterSession? session)
    {
        if (session is null) return;
        WriterSession? replaced;
        lock (_queue)
        {
            replaced = _parked;
            _parked = session;
        }
        if (replaced is not null) _ = CloseAsync(replaced);
        _ = CloseWhenIdleAsync(session);
    }

    private async Task CloseWhenIdleAsync(WriterSession session)
    {
        // Real time, not the domain's clock: a clock held still in a test must not keep connections open.
        await Task.Delay(IdleLifetime);
        lock (_queue)
        {
            // Taken by a drain (which parks or closes it) or replaced (and closed by Park).
            if (_parked != session) return;
            _parked = null;
        }
        await CloseAsync(session);
    }

    private static async Task CloseAsync(WriterSession session)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (DbException)
        {
            // A connection that cannot close cleanly is dropped all the same.
        }
    }

    /// <summary>Writes the batch in one transaction. Throws only when the whole batch failed (connection,
    /// commit); the answers of a batch that threw are the caller's to fail.</summary>
    private async Task WriteBatchAsync(WriterSession session, List<PendingOpening> batch)
    {
        var sql = _sql ??= new OpeningSql(session.Db);
        await using var transaction = await session.Connection.BeginTransactionAsync(CancellationToken.None);
        var statements = session.Statements;
        statements.Transaction = transaction;

        // The counter's row first: on PostgreSQL its lock orders this batch after any other writer's, so the
        // duplicate checks below see what that writer committed. SQLite's transaction holds the write lock already.
        var first = await statements.ScalarAsync(sql.LockCounter, new Argument("name", sql.CounterName, TicketCode.CounterName))
            ?? throw new InvalidOperationException("The ticket counter is missing: run the migrate verb.");

        var next = first;
        var written = new List<(PendingOpening Opening, OpenedTicket Opened)>(batch.Count);
        foreach (var opening in batch)
        {
            if (opening.Cancellation.IsCancellationRequested)
            {
                opening.Outcome.TrySetCanceled(opening.Cancellation);
                continue;
            }
            // Savepoints by statements of their own rather than the transaction's methods, which prepare theirs anew each time.
            await statements.ExecuteAsync(sql.Savepoint);
            try
            {
                var opened = await _rows.WriteAsync(new OpeningStore(sql, statements), opening, opening.Number ?? next);
                await statements.ExecuteAsync(sql.ReleaseSavepoint);
                if (!opened.Duplicate && opening.Number is null) next++;
                written.Add((opening, opened));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or FormatException or ArgumentException
                                      && !Journal.DatabaseFailure.IsUnavailable(e))
            {
                // (A database gone away fails the whole batch instead, its transaction with it: each caller learns why.)
                // Undoes this opening's rows only; the savepoint goes too, so that the next one starts afresh.
                await statements.ExecuteAsync(sql.RollbackToSavepoint);
                await statements.ExecuteAsync(sql.ReleaseSavepoint);
                opening.Outcome.TrySetException(e);
            }
        }

        if (next != first)
            await statements.ExecuteAsync(sql.SaveCounter,
                new Argument("value", sql.CounterValue, next), new Argument("name", sql.CounterName, TicketCode.CounterName));
        await transaction.CommitAsync(CancellationToken.None);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _written, written.Count);
        foreach (var (opening, opened) in written) opening.Outcome.TrySetResult(opened);
    }
}
