using SQLitePCL;

namespace Sav.Domain.Data;

/// <summary>
/// Process-wide SQLite settings, applied before the process opens its first connection (SQLite refuses them after).
/// Multi-thread mode: a connection is used by one thread at a time (ADO.NET's rule, which EF Core and the writers
/// keep), so SQLite's lock around every call on a connection, taken and released a dozen times per statement, is not
/// needed. No memory statistics: their global lock is taken at every allocation SQLite makes, by every connection.
/// </summary>
public static class SqliteRuntime
{
    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>Whether the settings took: false when SQLite had started before (nothing is changed then).</summary>
    public static bool Configure() => Applied.Value;

    private static bool Apply()
    {
        Batteries_V2.Init();
        var threading = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        if (threading != raw.SQLITE_OK) return false;
        raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }
}
