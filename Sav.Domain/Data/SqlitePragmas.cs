using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sav.Domain.Data;

/// <summary>
/// Both hosts share one SQLite file: WAL lets readers run beside the writer, and the busy timeout makes a writer
/// wait for the other process instead of failing. synchronous=FULL (<see cref="Durable"/>, the default) syncs the
/// WAL at each commit, so that what a commit wrote survives a power cut; with NORMAL (<see cref="Fast"/>) the
/// database stays consistent but the last commits before a crash of the machine may roll back (SQLite's
/// documentation of PRAGMA synchronous): an accepted submission could vanish. Writers that commit many changes
/// at once (openings, the sweep's batches) pay that sync once per commit. temp_store=MEMORY keeps the statement
/// journals of savepoints in memory, not in files made and deleted in /var/tmp. mmap_size lets SQLite read pages
/// from a mapping of the file (<see cref="DatabaseOptions.MemoryMapSize"/>) rather than copy each through a read call
/// into its own cache.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>256 MiB of the file mapped: the backoffice's reads (lists, searches, reports) at a million tickets.</summary>
    public const long DefaultMemoryMap = 256L * 1024 * 1024;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool, long), SqlitePragmas> Made = new();

    /// <summary>The statements for commits synced or not (<see cref="DatabaseOptions.DurableCommits"/>) and this much of
    /// the file mapped.</summary>
    public static SqlitePragmas For(bool durable, long memoryMap) =>
        Made.GetOrAdd((durable, memoryMap), static key => new SqlitePragmas(key.Item1 ? "FULL" : "NORMAL", key.Item2));

    private SqlitePragmas(string synchronous, long memoryMap) =>
        Sql = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; " +
            $"PRAGMA temp_store=MEMORY; PRAGMA mmap_size={memoryMap};";

    /// <summary>The statements run on each connection as it opens.</summary>
    public string Sql { get; }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
