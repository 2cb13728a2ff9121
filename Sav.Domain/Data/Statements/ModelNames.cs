using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sav.Domain.Data.Statements;

/// <summary>Table and column names as the model maps them.</summary>
internal sealed class ModelNames(IModel model, ISqlGenerationHelper sql)
{
    public ISqlGenerationHelper Sql => sql;

    public ITableMapping Mapping<T>() => (model.FindEntityType(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.")).GetTableMappings().Single();

    public string Table<T>()
    {
        var table = Mapping<T>().Table;
        return sql.DelimitIdentifier(table.Name, table.Schema);
    }

    public MappedColumn Column<T>(string property) => Column(Mapping<T>().ColumnMappings.SingleOrDefault(c => c.Property.Name == property)
        ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not mapped to a column."));

    public MappedColumn Column(IColumnMapping mapping) =>
        new(sql.DelimitIdentifier(mapping.Column.Name), mapping.TypeMapping, mapping.Column.IsNullable, sql);

    public string Placeholder(string name) => sql.GenerateParameterNamePlaceholder(name);
}
