namespace Sav.Domain.Data;

/// <summary>
/// SQLite takes one writer at a time: writers of this process queue here, on a semaphore, instead
/// of in SQLite's busy handler, whose sleeps grow to 100 ms and make the slowest requests very slow.
/// The busy timeout still orders this process against the other host. PostgreSQL needs no gate.
/// </summary>
public sealed class WriteGate(SavDatabase database)
{
    private readonly SemaphoreSlim _sqlite = new(1, 1);

    /// <summary>Waits for the gate; dispose the result to let the next writer in.</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return null;
        await _sqlite.WaitAsync(cancellationToken);
        return new Exit(_sqlite);
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
