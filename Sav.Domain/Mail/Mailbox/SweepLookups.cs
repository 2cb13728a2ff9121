using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Data;
using Sav.Domain.Data.Statements;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>What a sweep asks the database about each message (was it seen, which ticket it answers) on one connection
/// opened for the sweep: a context and a connection per message (with the pragmas run on each SQLite opening) cost
/// several times the query. The Message-ID query is written by hand, with names from the EF model, and prepared once.
/// The messages prepared at the same time take turns.</summary>
internal sealed class SweepLookups : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SavDbContext _db;
    private readonly DbCommand _seen;
    private readonly MappedColumn _messageId;
    private bool _disposed;

    private SweepLookups(SavDbContext db)
    {
        _db = db;
        var names = new ModelNames(db.Model, db.GetService<ISqlGenerationHelper>());
        _messageId = names.Column<InboundMail>(nameof(InboundMail.MessageId));
        _seen = db.Database.GetDbConnection().CreateCommand();
        _seen.CommandText = $"SELECT 1 FROM {names.Table<InboundMail>()} WHERE {_messageId} = {names.Placeholder("id")} LIMIT 1";
        _messageId.Add(_seen, "id", "");
    }

    public static async Task<SweepLookups> OpenAsync(IDbContextFactory<SavDbContext> factory, CancellationToken cancellationToken)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new SweepLookups(db);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when a message of this Message-ID was recorded (filed, quarantined, ignored or rejected).</summary>
    public async Task<bool> SeenAsync(string messageId, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _messageId.Set(_seen.Parameters[0], messageId);
            return await _seen.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
        }
        finally { _turn.Release(); }
    }

    /// <summary>The ticket a reply belongs to (see <see cref="ReplyMatcher"/>), codes found before shared in <paramref name="known"/>.</summary>
    public async Task<int?> MatchAsync(ReplyMatcher matcher, string? subject, IReadOnlyList<string> references,
        ConcurrentDictionary<string, int> known, CancellationToken cancellationToken)
    {
        // A code matched before needs no query, and no turn.
        if (matcher.VerifiedCodes(subject).FirstOrDefault() is { } code && known.TryGetValue(code, out var seen)) return seen;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await matcher.MatchAsync(_db, subject, references, cancellationToken, known);
        }
        finally { _turn.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        // Messages still being prepared (the sweep failed) find it closed rather than share a connection being closed.
        await _turn.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            await _seen.DisposeAsync();
            await _db.Database.CloseConnectionAsync();
            await _db.DisposeAsync();
        }
        finally { _turn.Release(); }
    }
}
