using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Audit;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Data.Statements;
using Sav.Domain.Mail.Outbox;

namespace Sav.Domain.Tickets.Writer;

/// <summary>
/// The statements of an opening, written by hand: change tracking cost more than the writes. Table and
/// column names, and how each value is sent (converters, provider types), come from the EF model, so
/// that the statements follow the schema the migrations make; the same text runs on SQLite and PostgreSQL.
/// </summary>
internal sealed class OpeningSql
{
    public OpeningSql(SavDbContext db)
    {
        var names = new ModelNames(db.Model, db.GetService<ISqlGenerationHelper>());
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

    public MappedColumn CounterName { get; }
    public MappedColumn CounterValue { get; }
    public MappedColumn TicketKey { get; }
    public MappedColumn TicketCreatedAt { get; }
    public MappedColumn ContactId { get; }
    public MappedColumn ContactEmail { get; }
    public MappedColumn ContactName { get; }
    public MappedColumn ContactPhone { get; }
    public MappedColumn ContactClientId { get; }
    public MappedColumn ClientId { get; }
    public MappedColumn ClientDomain { get; }
}
