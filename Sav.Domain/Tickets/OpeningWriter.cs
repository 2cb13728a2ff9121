using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Audit;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;

namespace Sav.Domain.Tickets;

/// <summary>What an <see cref="OpeningWriter"/> has written since the start.</summary>
public readonly record struct OpeningWriterStats(long Commits, long Openings, TimeSpan Cpu);

/// <summary>An opening whose checks and matching are done, waiting for the writer.</summary>
internal sealed class PendingOpening(OpenTicket request, string actor, string key, DateTimeOffset now,
    TicketOpener.Catalogue catalogue, OutboxDraft confirmation, CancellationToken cancellation)
{
    /// <summary>The confirmation mail, rendered but for the code.</summary>
    public OutboxDraft Confirmation { get; } = confirmation;
    public OpenTicket Request { get; } = request;
    public string Actor { get; } = actor;
    public string Key { get; } = key;
    public DateTimeOffset Now { get; } = now;
    public TicketOpener.Catalogue Catalogue { get; } = catalogue;
    public CancellationToken Cancellation { get; } = cancellation;
    public TaskCompletionSource<OpenedTicket> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

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
    private Session? _parked;
    private OpeningSql? _sql;

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
                        session ??= await Session.OpenAsync(dbFactory);
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

    private Session? Unpark()
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
    private void Park(Session? session)
    {
        if (session is null) return;
        Session? replaced;
        lock (_queue)
        {
            replaced = _parked;
            _parked = session;
        }
        if (replaced is not null) _ = CloseAsync(replaced);
        _ = CloseWhenIdleAsync(session);
    }

    private async Task CloseWhenIdleAsync(Session session)
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

    private static async Task CloseAsync(Session session)
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
    private async Task WriteBatchAsync(Session session, List<PendingOpening> batch)
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
                var opened = await WriteOneAsync(sql, statements, opening, next);
                await statements.ExecuteAsync(sql.ReleaseSavepoint);
                if (!opened.Duplicate) next++;
                written.Add((opening, opened));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or FormatException or ArgumentException)
            {
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

    /// <summary>One opening, inside the batch's transaction: the first ticket when it is a duplicate, else
    /// the contact, the ticket numbered <paramref name="number"/>, its first message, its audit and its mail.</summary>
    private async Task<OpenedTicket> WriteOneAsync(OpeningSql sql, OpeningStatements statements, PendingOpening opening, long number)
    {
        var request = opening.Request;
        var now = opening.Now;

        var duplicate = await statements.FirstAsync(sql.Duplicate,
            row => new OpenedTicket(checked((int)row.Int64(0)!.Value), row.Text(1)!, contexts.For(row.Text(1)!).ToString(),
                $"{row.Text(2)}. {row.Text(3)}", Duplicate: true),
            new Argument("key", sql.TicketKey, opening.Key), new Argument("since", sql.TicketCreatedAt, now - TicketOpener.DuplicateWindow));
        if (duplicate is not null) return duplicate;

        var contact = new Contact { Email = request.Email, Name = request.Name, Phone = request.Phone };
        var (clientId, proposals) = await MatchContactAsync(sql, statements, contact, request);

        var catalogue = opening.Catalogue;
        var status = catalogue.Status!;
        var ticket = new Ticket
        {
            Code = TicketCode.FromNumber(number),
            Subject = request.Subject,
            Description = request.Description,
            CustomerText = request.Customer,
            SerialNumber = request.SerialNumber,
            OrderNumber = request.OrderNumber,
            InvoiceNumber = request.InvoiceNumber,
            Warranty = request.Warranty,
            Channel = request.Channel,
            SubmissionKey = opening.Key,
            CreatedAt = now,
            UpdatedAt = now,
            ProductFamilyId = catalogue.FamilyId,
            ProductFamilyText = catalogue.FamilyText,
            ProductId = catalogue.ProductId,
            ProductText = catalogue.ProductText,
            BrandId = catalogue.Brand?.Id,
            BrandText = catalogue.BrandText,
            Language = request.Language ?? catalogue.Brand?.Language ?? "fr",
            ContactId = contact.Id,
            ClientId = clientId,
        };
        TicketLifecycle.Move(ticket, status, TicketEvent.Opened, opening.Actor, now);
        foreach (var (field, known, proposed) in proposals)
        {
            ticket.History.Add(new AuditEntry
            {
                At = now, Actor = opening.Actor, Field = field, Before = known, After = proposed, Reason = ContactRules.ProposedReason,
            });
        }
        ticket.Id = checked((int)await statements.InsertAsync(sql.InsertTicket, ticket));

        if (!string.IsNullOrEmpty(request.Description))
        {
            await statements.InsertAsync(sql.InsertConversationEntry, new ConversationEntry
            {
                TicketId = ticket.Id,
                Direction = Direction.FromCustomer,
                Channel = request.Channel,
                Author = contact.Email,
                Text = request.Description,
                At = now,
            });
        }
        foreach (var entry in ticket.History)
        {
            entry.TicketId = ticket.Id;
            await statements.InsertAsync(sql.InsertAuditEntry, entry);
        }

        var context = contexts.For(ticket.Code);
        var confirmation = opening.Confirmation.For(context);
        confirmation.TicketId = ticket.Id;
        await statements.InsertAsync(sql.InsertOutboxMessage, confirmation);

        return new OpenedTicket(ticket.Id, ticket.Code, context.ToString(), status.Display, Duplicate: false);
    }

    /// <summary>Finds or adds the contact by its address (its id set on <paramref name="contact"/>) and returns
    /// the ticket's client: the one the request names, else the contact's, else the one of a company domain; and what the
    /// request says of a known contact that differs from the record (<see cref="ContactRules"/>), for the ticket's history.</summary>
    private static async Task<(int? ClientId, IReadOnlyList<(string Field, string? Known, string Proposed)> Proposals)> MatchContactAsync(
        OpeningSql sql, OpeningStatements statements, Contact contact, OpenTicket request)
    {
        int? clientId = null;
        if (request.ClientId is { } requested)
            clientId = ToId(await statements.ScalarAsync(sql.ClientById, new Argument("id", sql.ClientId, requested)));

        var known = await statements.FirstAsync(sql.ContactByEmail,
            row => new KnownContact(checked((int)row.Int64(0)!.Value), ToId(row.Int64(1)), row.Text(2), row.Text(3)),
            new Argument("email", sql.ContactEmail, request.Email));

        clientId ??= known?.ClientId;
        if (clientId is null && TicketOpener.CompanyDomain(request.Email) is { } domain)
            clientId = ToId(await statements.ScalarAsync(sql.ClientByDomain, new Argument("domain", sql.ClientDomain, domain)));

        contact.ClientId = known?.ClientId ?? clientId;
        if (known is null)
        {
            contact.Id = checked((int)await statements.InsertAsync(sql.InsertContact, contact));
            return (clientId, []);
        }

        contact.Id = known.Id;
        var (name, phone, proposals) = ContactRules.Merge(known.Name, known.Phone, request.Name, request.Phone);
        (contact.Name, contact.Phone) = (name, phone);
        await statements.ExecuteAsync(sql.UpdateContact,
            new Argument("name", sql.ContactName, contact.Name), new Argument("phone", sql.ContactPhone, contact.Phone),
            new Argument("client", sql.ContactClientId, contact.ClientId), new Argument("id", sql.ContactId, contact.Id));
        return (clientId, proposals);
    }

    private sealed record KnownContact(int Id, int? ClientId, string? Phone, string? Name);

    private static int? ToId(long? value) => value is { } id ? checked((int)id) : null;

    /// <summary>A context and its open connection, with the statements run on it, kept from one batch to the next.</summary>
    private sealed class Session(SavDbContext db, OpeningStatements statements) : IAsyncDisposable
    {
        public SavDbContext Db => db;
        public DbConnection Connection => db.Database.GetDbConnection();
        public OpeningStatements Statements => statements;

        public static async Task<Session> OpenAsync(IDbContextFactory<SavDbContext> factory)
        {
            var db = await factory.CreateDbContextAsync(CancellationToken.None);
            try
            {
                await db.Database.OpenConnectionAsync(CancellationToken.None);
                return new Session(db, OpeningStatements.For(db.Database.GetDbConnection()));
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            // The statements first: a pooled connection must not keep them.
            await statements.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            await db.DisposeAsync();
        }
    }
}
