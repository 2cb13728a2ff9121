using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sav.Domain.Data;

/// <summary>
/// Both hosts share one SQLite file: WAL lets readers run beside the writer, the busy timeout
/// makes a writer wait for the other process instead of failing, and synchronous=NORMAL is
/// durable in WAL mode at a fraction of the fsyncs. temp_store=MEMORY keeps the statement journals
/// of savepoints (each opening of a batch has one) in memory, not in files made and deleted in /var/tmp.
/// mmap_size lets SQLite read pages from a mapping of the file (256 MiB of it) rather than copy each
/// through a read call into its own cache.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Sql =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;";

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
