using Microsoft.EntityFrameworkCore;

namespace Sav.Domain.Data;

/// <summary>
/// Quartz's tables, for the hosts' jobs clustered on PostgreSQL: what the Quartz package itself runs to provision its
/// schema (its script <c>create_postgres.sql</c>, which creates only what is missing and drops nothing), run by the
/// <c>migrate</c> verb with Quartz's default prefix <c>qrtz_</c>, so that the hosts need no right to create tables. A
/// Quartz upgrade that adds columns to existing tables comes with its own migration scripts. Nothing on SQLite, where
/// the jobs are kept in memory.
/// </summary>
public static class QuartzSchema
{
    public const string Prefix = "qrtz_";
    private const string Script = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    public static async Task EnsureAsync(SavDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.IsSqlite) return;
        foreach (var statement in Statements()) await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
    }

    /// <summary>The script's statements, separated in it by lines reading <c>--;;</c>, the prefix put in.</summary>
    internal static IEnumerable<string> Statements()
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream(Script)
            ?? throw new InvalidOperationException($"The Quartz package no longer carries {Script}.");
        var text = new StreamReader(stream).ReadToEnd().Replace("{0}", Prefix).Replace("{1}", Prefix);
        var statement = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Append("--;;"))
        {
            if (line.Trim() != "--;;")
            {
                if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal)) statement.AppendLine(line);
                continue;
            }
            if (statement.ToString().Trim() is { Length: > 0 } sql) yield return sql;
            statement.Clear();
        }
    }
}
