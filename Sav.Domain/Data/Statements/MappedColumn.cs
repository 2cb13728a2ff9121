using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sav.Domain.Data.Statements;

/// <summary>A mapped column: its delimited name and the mapping that turns a CLR value into a parameter.</summary>
internal sealed record MappedColumn(string Name, RelationalTypeMapping Mapping, bool Nullable, ISqlGenerationHelper Sql)
{
    public override string ToString() => Name;

    /// <summary>Adds <paramref name="value"/> as the parameter <paramref name="name"/>, converted as EF would.</summary>
    public void Add(DbCommand command, string name, object? value) =>
        command.Parameters.Add(Mapping.CreateParameter(command, Sql.GenerateParameterName(name), value, Nullable));

    /// <summary>Gives a parameter made by <see cref="Add"/> a new value, converted the same way.</summary>
    public void Set(DbParameter parameter, object? value) =>
        parameter.Value = (Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
}
