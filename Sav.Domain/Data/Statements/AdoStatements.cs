using System.Data.Common;

namespace Sav.Domain.Data.Statements;

/// <summary>The statements as ADO.NET commands, one per text, made once.</summary>
internal sealed class AdoStatements(DbConnection connection) : PreparedStatements
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;

    public override DbTransaction Transaction
    {
        set
        {
            _transaction = value;
            foreach (var command in _commands.Values) command.Transaction = value;
        }
    }

    public override async ValueTask ExecuteAsync(string text, params Argument[] arguments) =>
        await Prepared(text, arguments).ExecuteNonQueryAsync(CancellationToken.None);

    public override async ValueTask<TResult?> FirstAsync<TResult>(string text, Func<IRow, TResult> read, params Argument[] arguments)
        where TResult : class
    {
        await using var reader = await Prepared(text, arguments).ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? read(new Row(reader)) : null;
    }

    public override async ValueTask EachAsync(string text, Action<IRow> read, params Argument[] arguments)
    {
        await using var reader = await Prepared(text, arguments).ExecuteReaderAsync(CancellationToken.None);
        var row = new Row(reader);
        while (await reader.ReadAsync(CancellationToken.None)) read(row);
    }

    public override ValueTask<long> InsertAsync<T>(RowInsert<T> insert, T row) =>
        new(insert.InsertAsync(Command(insert.Sql), row));

    private DbCommand Prepared(string text, Argument[] arguments)
    {
        var command = Command(text);
        command.Parameters.Clear();
        foreach (var (name, column, value) in arguments) column.Add(command, name, value);
        return command;
    }

    private DbCommand Command(string text)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = text;
            _commands.Add(text, command);
        }
        return command;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
    }

    private sealed class Row(DbDataReader reader) : IRow
    {
        // Read as its type, unboxed: « Délais » reads two million values for a year at a million tickets.
        public long? Int64(int ordinal) => reader.IsDBNull(ordinal) ? null : Type.GetTypeCode(reader.GetFieldType(ordinal)) switch
        {
            TypeCode.Int64 => reader.GetInt64(ordinal),
            TypeCode.Int32 => reader.GetInt32(ordinal),
            _ => Convert.ToInt64(reader.GetValue(ordinal)),
        };
        public string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }
}
