using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Sav.Domain.Data.Statements;

/// <summary>Inserts one row of <typeparamref name="T"/>: every mapped column but the generated key, whose value it
/// returns, and the columns the database works out.</summary>
internal sealed class RowInsert<T> where T : class
{
    private readonly (MappedColumn Column, IClrPropertyGetter Value, string Parameter)[] _columns;

    public RowInsert(ModelNames names)
    {
        var mapping = names.Mapping<T>();
        var key = ((IEntityType)mapping.TypeBase).FindPrimaryKey()?.Properties is [var single] && single.ValueGenerated == ValueGenerated.OnAdd
            ? single
            : throw new InvalidOperationException($"{typeof(T).Name} needs a single generated key to be inserted by hand.");
        _columns = mapping.ColumnMappings.Where(c => c.Property != key && c.Property.GetComputedColumnSql() is null).Select((c, i) =>
        {
            if (c.Property.IsShadowProperty())
                throw new InvalidOperationException($"{typeof(T).Name}.{c.Property.Name} is a shadow property: give it a CLR property.");
            return (names.Column(c), c.Property.GetGetter(), $"p{i}");
        }).ToArray();
        Sql = $"INSERT INTO {names.Table<T>()} ({string.Join(", ", _columns.Select(c => c.Column.Name))}) " +
            $"VALUES ({string.Join(", ", _columns.Select(c => names.Placeholder(c.Parameter)))}) " +
            $"RETURNING {names.Column<T>(key.Name)}";
    }

    public string Sql { get; }

    /// <summary>How many parameters <see cref="Sql"/> has, one per column.</summary>
    public int Count => _columns.Length;

    /// <summary>The name of the <paramref name="i"/>th parameter, as <see cref="Sql"/> writes it.</summary>
    public string Parameter(int i) => _columns[i].Parameter;

    /// <summary>The <paramref name="i"/>th column's value in <paramref name="row"/>, converted as the database stores it.</summary>
    public object? ProviderValue(int i, T row)
    {
        var (column, value, _) = _columns[i];
        var clr = value.GetClrValueUsingContainingEntity(row);
        return column.Mapping.Converter is { } converter ? converter.ConvertToProvider(clr) : clr;
    }

    /// <summary>The type each column's values have once converted: what a statement binds.</summary>
    public IEnumerable<Type> ProviderTypes => _columns.Select(c => c.Column.Mapping.Converter?.ProviderClrType ?? c.Column.Mapping.ClrType);

    /// <summary>Runs <paramref name="command"/> (whose text is <see cref="Sql"/>) for <paramref name="row"/>; returns the new
    /// key. The parameters are made at the command's first run, and given new values at the next ones.</summary>
    public async Task<long> InsertAsync(DbCommand command, T row)
    {
        if (command.Parameters.Count != _columns.Length)
        {
            command.Parameters.Clear();
            foreach (var (column, value, parameter) in _columns)
                column.Add(command, parameter, value.GetClrValueUsingContainingEntity(row));
        }
        else
        {
            for (var i = 0; i < _columns.Length; i++)
                _columns[i].Column.Set(command.Parameters[i], _columns[i].Value.GetClrValueUsingContainingEntity(row));
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(CancellationToken.None));
    }
}
