namespace Sav.Domain.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
