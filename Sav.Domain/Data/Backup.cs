using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sav.Domain.Data;

/// <summary>A consistent copy of the database while both hosts run: SQLite's online backup, page by page, of a file
/// the hosts keep writing to. On PostgreSQL the tool is <c>pg_dump</c>, which Sav does not replace.</summary>
public static class Backup
{
    /// <summary>Copies the database to <paramref name="file"/>; the reason it cannot, otherwise.</summary>
    public static async Task<string?> CopyAsync(SavDbContext db, string file, CancellationToken ct = default)
    {
        if (!db.IsSqlite)
            return "the database is PostgreSQL: back it up with pg_dump (pg_dump -Fc -f FILE DATABASE), restore with pg_restore";
        var target = Path.GetFullPath(file);
        if (File.Exists(target)) return $"{target} exists already: give a new file";
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) return $"the folder {folder} does not exist";
        await using var source = new SqliteConnection(db.Database.GetConnectionString());
        await source.OpenAsync(ct);
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
        return null;
    }
}
