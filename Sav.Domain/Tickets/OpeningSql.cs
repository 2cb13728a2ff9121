using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Audit;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;

namespace Sav.Domain.Tickets;

/// <summary>
/// The statements of an opening, written by hand: change tracking cost more than the writes. Table and
/// column names, and how each value is sent (converters, provider types), come from the EF model, so
/// that the statements follow the schema the migrations make; the same text runs on SQLite and PostgreSQL.
/// </summary>
internal sealed class OpeningSql
{
    public OpeningSql(SavDbContext db)
    {
        var names = new Names(db.Model, db.GetService<ISqlGenerationHelper>());
        InsertTicket = new RowInsert<Ticket>(names);
        InsertContact = new RowInsert<Contact>(names);
        InsertConversationEntry = new RowInsert<ConversationEntry>(names);
        InsertAuditEntry = new RowInsert<AuditEntry>(names);
        InsertOutboxMessage = new RowInsert<OutboxMessage>(names);

        var counters = names.Table<Counter>();
        var counterValue = names.Column<Counter>(nameof(Counter.Value));
        CounterName = names.Column<Counter>(nameof(Counter.Name));
        CounterValue = counterValue;
        // A write that changes nothing: it takes the counter's row lock (PostgreSQL) before anything is read.
        LockCounter = $"UPDATE {counters} SET {counterValue} = {counterValue} WHERE {CounterName} = {P("name")} RETURNING {counterValue}";
        SaveCounter = $"UPDATE {counters} SET {counterValue} = {P("value")} WHERE {CounterName} = {P("name")}";

        var tickets = names.Table<Ticket>();
        var statuses = names.Table<Status>();
        TicketKey = names.Column<Ticket>(nameof(Ticket.SubmissionKey));
        TicketCreatedAt = names.Column<Ticket>(nameof(Ticket.CreatedAt));
        Duplicate = $"SELECT t.{names.Column<Ticket>(nameof(Ticket.Id))}, t.{names.Column<Ticket>(nameof(Ticket.Code))}, " +
            $"s.{names.Column<Status>(nameof(Status.Code))}, s.{names.Column<Status>(nameof(Status.Label))} " +
            $"FROM {tickets} AS t INNER JOIN {statuses} AS s ON s.{names.Column<Status>(nameof(Status.Id))} = t.{names.Column<Ticket>(nameof(Ticket.StatusId))} " +
            $"WHERE t.{TicketKey} = {P("key")} AND t.{TicketCreatedAt} >= {P("since")} LIMIT 1";

        var contacts = names.Table<Contact>();
        ContactId = names.Column<Contact>(nameof(Contact.Id));
        ContactEmail = names.Column<Contact>(nameof(Contact.Email));
        ContactName = names.Column<Contact>(nameof(Contact.Name));
        ContactPhone = names.Column<Contact>(nameof(Contact.Phone));
        ContactClientId = names.Column<Contact>(nameof(Contact.ClientId));
        ContactByEmail = $"SELECT {ContactId}, {ContactClientId}, {ContactPhone}, {ContactName} FROM {contacts} WHERE {ContactEmail} = {P("email")} LIMIT 1";
        UpdateContact = $"UPDATE {contacts} SET {ContactName} = {P("name")}, {ContactPhone} = {P("phone")}, " +
            $"{ContactClientId} = {P("client")} WHERE {ContactId} = {P("id")}";

        var clients = names.Table<Client>();
        ClientId = names.Column<Client>(nameof(Client.Id));
        ClientDomain = names.Column<Client>(nameof(Client.EmailDomain));
        ClientById = $"SELECT {ClientId} FROM {clients} WHERE {ClientId} = {P("id")}";
        ClientByDomain = $"SELECT {ClientId} FROM {clients} WHERE {ClientDomain} = {P("domain")} LIMIT 1";

        string P(string name) => names.Placeholder(name);
    }

    public RowInsert<Ticket> InsertTicket { get; }
    public RowInsert<Contact> InsertContact { get; }
    public RowInsert<ConversationEntry> InsertConversationEntry { get; }
    public RowInsert<AuditEntry> InsertAuditEntry { get; }
    public RowInsert<OutboxMessage> InsertOutboxMessage { get; }

    public string Savepoint => "SAVEPOINT opening";
    public string ReleaseSavepoint => "RELEASE SAVEPOINT opening";
    public string RollbackToSavepoint => "ROLLBACK TO SAVEPOINT opening";
    public string LockCounter { get; }
    public string SaveCounter { get; }
    public string Duplicate { get; }
    public string ContactByEmail { get; }
    public string UpdateContact { get; }
    public string ClientById { get; }
    public string ClientByDomain { get; }

    public Column CounterName { get; }
    public Column CounterValue { get; }
    public Column TicketKey { get; }
    public Column TicketCreatedAt { get; }
    public Column ContactId { get; }
    public Column ContactEmail { get; }
    public Column ContactName { get; }
    public Column ContactPhone { get; }
    public Column ContactClientId { get; }
    public Column ClientId { get; }
    public Column ClientDomain { get; }

    /// <summary>A mapped column: its delimited name and the mapping that turns a CLR value into a parameter.</summary>
    public sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, ISqlGenerationHelper Sql)
    {
        public override string ToString() => Name;

        /// <summary>Adds <paramref name="value"/> as the parameter <paramref name="name"/>, converted as EF would.</summary>
        public void Add(DbCommand command, string name, object? value) =>
            command.Parameters.Add(Mapping.CreateParameter(command, Sql.GenerateParameterName(name), value, Nullable));

        /// <summary>Gives a parameter made by <see cref="Add"/> a new value, converted the same way.</summary>
        public void Set(DbParameter parameter, object? value) =>
            parameter.Value = (Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
    }

    /// <summary>Table and column names as the model maps them.</summary>
    public sealed class Names(IModel model, ISqlGenerationHelper sql)
    {
        public ISqlGenerationHelper Sql => sql;

        public ITableMapping Mapping<T>() => (model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.")).GetTableMappings().Single();

        public string Table<T>()
        {
            var table = Mapping<T>().Table;
            return sql.DelimitIdentifier(table.Name, table.Schema);
        }

        public Column Column<T>(string property) => Column(Mapping<T>().ColumnMappings.SingleOrDefault(c => c.Property.Name == property)
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not mapped to a column."));

        public Column Column(IColumnMapping mapping) =>
            new(sql.DelimitIdentifier(mapping.Column.Name), mapping.TypeMapping, mapping.Column.IsNullable, sql);

        public string Placeholder(string name) => sql.GenerateParameterNamePlaceholder(name);
    }
}

/// <summary>Inserts one row of <typeparamref name="T"/>: every mapped column but the generated key,
/// whose value it returns.</summary>
internal sealed class RowInsert<T> where T : class
{
    private readonly (OpeningSql.Column Column, IClrPropertyGetter Value, string Parameter)[] _columns;

    public RowInsert(OpeningSql.Names names)
    {
        var mapping = names.Mapping<T>();
        var key = ((IEntityType)mapping.TypeBase).FindPrimaryKey()?.Properties is [var single] && single.ValueGenerated == ValueGenerated.OnAdd
            ? single
            : throw new InvalidOperationException($"{typeof(T).Name} needs a single generated key to be inserted by hand.");
        _columns = mapping.ColumnMappings.Where(c => c.Property != key).Select((c, i) =>
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
