using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Sav.Domain.Data.Statements;

/// <summary>
/// The statements as SQLite's own, prepared once on the connection, bound by position and reset after each run.
/// Values are bound as Microsoft.Data.Sqlite binds them, once converted by the column's mapping: integers and
/// booleans as integers, floating numbers as reals, text as text, bytes as blobs; any other type is refused.
/// The statements are finalized before the connection goes back to its pool.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : PreparedStatements
{
    private readonly Dictionary<string, Prepared> _statements = new(StringComparer.Ordinal);
    private readonly sqlite3 _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");

    public override DbTransaction Transaction
    {
        set { }
    }

    public override ValueTask ExecuteAsync(string text, params Argument[] arguments)
    {
        var statement = Bound(text, arguments);
        try
        {
            while (Step(statement)) { }
        }
        finally
        {
            raw.sqlite3_reset(statement.Handle);
        }
        return ValueTask.CompletedTask;
    }

    public override ValueTask<TResult?> FirstAsync<TResult>(string text, Func<IRow, TResult> read, params Argument[] arguments)
        where TResult : class
    {
        var statement = Bound(text, arguments);
        try
        {
            return new(Step(statement) ? read(statement) : null);
        }
        finally
        {
            raw.sqlite3_reset(statement.Handle);
        }
    }

    public override ValueTask EachAsync(string text, Action<IRow> read, params Argument[] arguments)
    {
        var statement = Bound(text, arguments);
        try
        {
            while (Step(statement)) read(statement);
        }
        finally
        {
            raw.sqlite3_reset(statement.Handle);
        }
        return ValueTask.CompletedTask;
    }

    public override ValueTask<long> InsertAsync<T>(RowInsert<T> insert, T row)
    {
        var statement = Statement(insert.Sql);
        if (statement.Indexes is null)
        {
            foreach (var type in insert.ProviderTypes)
                if (!Bindable(type)) throw new InvalidOperationException($"{typeof(T).Name}: values of type {type.Name} cannot be bound by hand.");
            statement.Indexes = Enumerable.Range(0, insert.Count).Select(i => statement.Index(insert.Parameter(i))).ToArray();
        }
        for (var i = 0; i < insert.Count; i++) Bind(statement, statement.Indexes[i], insert.ProviderValue(i, row));
        try
        {
            var key = Step(statement) ? raw.sqlite3_column_int64(statement.Handle, 0) : throw new InvalidOperationException("The insert returned no key.");
            while (Step(statement)) { }
            return new(key);
        }
        finally
        {
            raw.sqlite3_reset(statement.Handle);
        }
    }

    private Prepared Bound(string text, Argument[] arguments)
    {
        var statement = Statement(text);
        raw.sqlite3_clear_bindings(statement.Handle);
        foreach (var (name, column, value) in arguments)
            Bind(statement, statement.Index(name), column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value);
        return statement;
    }

    private Prepared Statement(string text)
    {
        if (_statements.TryGetValue(text, out var statement)) return statement;
        Check(raw.sqlite3_prepare_v2(_db, text, out var handle));
        statement = new Prepared(handle, _db);
        _statements.Add(text, statement);
        return statement;
    }

    /// <summary>One step: true with a row to read, false when done; throws what SQLite reports.</summary>
    private bool Step(Prepared statement) => raw.sqlite3_step(statement.Handle) switch
    {
        raw.SQLITE_ROW => true,
        raw.SQLITE_DONE => false,
        var code => throw Failure(code),
    };

    private void Bind(Prepared statement, int index, object? value)
    {
        var handle = statement.Handle;
        Check(value switch
        {
            null or DBNull => raw.sqlite3_bind_null(handle, index),
            string text => raw.sqlite3_bind_text(handle, index, text),
            long number => raw.sqlite3_bind_int64(handle, index, number),
            int number => raw.sqlite3_bind_int64(handle, index, number),
            short number => raw.sqlite3_bind_int64(handle, index, number),
            byte number => raw.sqlite3_bind_int64(handle, index, number),
            bool flag => raw.sqlite3_bind_int64(handle, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(handle, index, real),
            float real => raw.sqlite3_bind_double(handle, index, real),
            byte[] bytes => raw.sqlite3_bind_blob(handle, index, bytes),
            _ => throw new InvalidOperationException($"Values of type {value.GetType().Name} cannot be bound by hand."),
        });
    }

    private static bool Bindable(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t &&
        (t == typeof(string) || t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(byte) ||
         t == typeof(bool) || t == typeof(double) || t == typeof(float) || t == typeof(byte[]));

    private void Check(int code)
    {
        if (code != raw.SQLITE_OK) throw Failure(code);
    }

    private SqliteException Failure(int code) =>
        new(raw.sqlite3_errmsg(_db).utf8_to_string(), code, raw.sqlite3_extended_errcode(_db));

    public override ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values) statement.Handle.Dispose();
        _statements.Clear();
        return ValueTask.CompletedTask;
    }

    private sealed class Prepared(sqlite3_stmt handle, sqlite3 db) : IRow
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

        public sqlite3_stmt Handle => handle;

        /// <summary>The positions of a row insert's parameters, found at its first run.</summary>
        public int[]? Indexes { get; set; }

        public int Index(string name)
        {
            if (_indexes.TryGetValue(name, out var index)) return index;
            // The name as the statement writes it: EF's SQLite placeholders are @name.
            index = name[0] is '@' or ':' or '$' ? raw.sqlite3_bind_parameter_index(handle, name) : raw.sqlite3_bind_parameter_index(handle, "@" + name);
            if (index == 0) throw new InvalidOperationException($"The statement has no parameter {name}: {raw.sqlite3_sql(handle).utf8_to_string()}");
            _indexes.Add(name, index);
            return index;
        }

        public IntPtr Pointer { get; } = handle.DangerousGetHandle();

        public long? Int64(int ordinal) =>
            SqliteColumns.Type(Pointer, ordinal) == raw.SQLITE_NULL ? null : SqliteColumns.Int64(Pointer, ordinal);

        public string? Text(int ordinal) =>
            raw.sqlite3_column_type(handle, ordinal) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(handle, ordinal).utf8_to_string();

        public override string ToString() => raw.sqlite3_sql(handle).utf8_to_string() + " on " + db;
    }
}

/// <summary>A row's values read straight from SQLite's library, without SQLitePCL's safe handle taken and released at each
/// call: « Délais » reads two million values for a year at a million tickets, on two threads (its reads: 370-417 → 223-268
/// ms, bench/ReportsBench). Both functions only read the current row of a statement this connection holds, and take no
/// lock in the multi-thread mode Sav runs SQLite in (<see cref="SqliteRuntime"/>): nothing to wait for outside the runtime.</summary>
internal static class SqliteColumns
{
    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_column_type")]
    [System.Runtime.InteropServices.SuppressGCTransition]
    public static extern int Type(IntPtr statement, int ordinal);

    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_column_int64")]
    [System.Runtime.InteropServices.SuppressGCTransition]
    public static extern long Int64(IntPtr statement, int ordinal);
}
