using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Sav.Domain.Data.Statements;

/// <summary>A parameter of a statement: its name as the statement writes it, the column whose mapping converts the value, the value.</summary>
internal readonly record struct Argument(string Name, MappedColumn Column, object? Value);

/// <summary>A row read by a statement: column values by position, a null for SQL's NULL.</summary>
internal interface IRow
{
    long? Int64(int ordinal);
    string? Text(int ordinal);
}

/// <summary>
/// Runs the opening writer's statements (and the reading of « Délais ») on one open connection, each prepared once and
/// run again with new values.
/// On SQLite they go straight to SQLite's statements (<see cref="SqliteStatements"/>): ADO.NET's layer looked up each
/// parameter by name and chose its binding by type at every run, which cost about as much as SQLite's own work.
/// Elsewhere (PostgreSQL) through ADO.NET commands (<see cref="AdoStatements"/>).
/// </summary>
internal abstract class PreparedStatements : IAsyncDisposable
{
    public static PreparedStatements For(DbConnection connection) => connection is SqliteConnection sqlite
        ? new SqliteStatements(sqlite)
        : new AdoStatements(connection);

    /// <summary>The transaction the statements run in from now on (ADO.NET commands must be told).</summary>
    public abstract DbTransaction Transaction { set; }

    /// <summary>Runs <paramref name="text"/> to its end.</summary>
    public abstract ValueTask ExecuteAsync(string text, params Argument[] arguments);

    /// <summary>Runs <paramref name="text"/> and gives its first row to <paramref name="read"/>; null when there is none.</summary>
    public abstract ValueTask<TResult?> FirstAsync<TResult>(string text, Func<IRow, TResult> read, params Argument[] arguments)
        where TResult : class;

    /// <summary>Runs <paramref name="text"/> and gives each of its rows to <paramref name="read"/>, in order.</summary>
    public abstract ValueTask EachAsync(string text, Action<IRow> read, params Argument[] arguments);

    /// <summary>Runs <paramref name="text"/> and returns its first row's first value, null when there is none.</summary>
    public async ValueTask<long?> ScalarAsync(string text, params Argument[] arguments) =>
        (await FirstAsync(text, row => new Box(row.Int64(0)), arguments))?.Value;

    /// <summary>Inserts <paramref name="row"/> and returns its generated key.</summary>
    public abstract ValueTask<long> InsertAsync<T>(RowInsert<T> insert, T row) where T : class;

    public abstract ValueTask DisposeAsync();

    private sealed record Box(long? Value);
}
