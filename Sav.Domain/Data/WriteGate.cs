using Microsoft.Data.Sqlite;

namespace Sav.Domain.Data;

/// <summary>
/// SQLite takes one writer at a time: writers of this process queue here, on a semaphore, instead
/// of in SQLite's busy handler, whose sleeps grow to 100 ms and make the slowest requests very slow.
/// The busy timeout still orders this process against the other host. While it holds the gate, a
/// writer now and then truncates the WAL, which readers otherwise keep growing. PostgreSQL needs no gate.
/// </summary>
public sealed class WriteGate(SavDatabase database)
{
    public const int CheckpointEvery = 1000;
    private readonly SemaphoreSlim _sqlite = new(1, 1);
    private int _writes;

    /// <summary>Waits for the gate; dispose the result to let the next writer in.</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return null;
        await _sqlite.WaitAsync(cancellationToken);
        try
        {
            if (++_writes % CheckpointEvery == 0) await CheckpointAsync(cancellationToken);
        }
        catch (SqliteException)
        {
            // A checkpoint that cannot run now runs at the next turn; the write itself goes on.
        }
        catch
        {
            _sqlite.Release();
            throw;
        }
        return new Exit(_sqlite);
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Exit(SemaphoreSlim semaphore) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) semaphore.Release();
        }
    }
}
