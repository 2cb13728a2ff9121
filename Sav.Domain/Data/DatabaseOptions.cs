namespace Sav.Domain.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// On SQLite, whether each commit reaches the disk before it returns (<c>synchronous=FULL</c>): an answer that
    /// says a submission was accepted then holds through a power cut or a crash of the machine, not only of the
    /// process. Off (<c>synchronous=NORMAL</c>), the last commits before such a crash may be lost. PostgreSQL's
    /// own <c>synchronous_commit</c> decides there.
    /// </summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>
    /// On SQLite, how many bytes of the database file each connection reads through a memory mapping (<c>mmap_size</c>)
    /// rather than copied into its own cache. Null: the host's default, 256 MiB for the backoffice, whose lists, searches
    /// and reports read much of the file, none for the gateway, whose openings read little: mapped, every page an opening
    /// touched stayed in its resident memory (peak 282–301 MB against 210–222 without, openings per second the same,
    /// bench/README.md).
    /// </summary>
    public long? MemoryMapSize { get; set; }
}
