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
}
