using Sav.Domain.Audit;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Data.Statements;
using Sav.Domain.Mail.Outbox;

namespace Sav.Domain.Tickets.Writer;

/// <summary>A ticket already opened by the same submission: its id, code and status.</summary>
internal sealed record DuplicateTicket(int Id, string Code, string StatusCode, string StatusLabel);

/// <summary>A contact already known by its address.</summary>
internal sealed record KnownContact(int Id, int? ClientId, string? Phone, string? Name);

/// <summary>What an opening reads and writes, by what it means, inside the writer's transaction: the statements
/// behind each are <see cref="OpeningSql"/>'s, prepared once on the writer's connection.</summary>
internal sealed class OpeningStore(OpeningSql sql, PreparedStatements statements)
{
    public ValueTask<DuplicateTicket?> DuplicateAsync(string key, DateTimeOffset since) => statements.FirstAsync(sql.Duplicate,
        row => new DuplicateTicket(checked((int)row.Int64(0)!.Value), row.Text(1)!, row.Text(2)!, row.Text(3)!),
        new Argument("key", sql.TicketKey, key), new Argument("since", sql.TicketCreatedAt, since));

    /// <summary>The client's id when it exists.</summary>
    public async ValueTask<int?> ClientAsync(int id) => ToId(await statements.ScalarAsync(sql.ClientById, new Argument("id", sql.ClientId, id)));

    public async ValueTask<int?> ClientByDomainAsync(string domain) =>
        ToId(await statements.ScalarAsync(sql.ClientByDomain, new Argument("domain", sql.ClientDomain, domain)));

    public ValueTask<KnownContact?> ContactAsync(string email) => statements.FirstAsync(sql.ContactByEmail,
        row => new KnownContact(checked((int)row.Int64(0)!.Value), ToId(row.Int64(1)), row.Text(2), row.Text(3)),
        new Argument("email", sql.ContactEmail, email));

    public async ValueTask<int> AddAsync(Contact contact) => checked((int)await statements.InsertAsync(sql.InsertContact, contact));

    /// <summary>Writes the contact's name, phone and client.</summary>
    public ValueTask UpdateAsync(Contact contact) => statements.ExecuteAsync(sql.UpdateContact,
        new Argument("name", sql.ContactName, contact.Name), new Argument("phone", sql.ContactPhone, contact.Phone),
        new Argument("client", sql.ContactClientId, contact.ClientId), new Argument("id", sql.ContactId, contact.Id));

    public async ValueTask<int> AddAsync(Ticket ticket) => checked((int)await statements.InsertAsync(sql.InsertTicket, ticket));

    public async ValueTask AddAsync(ConversationEntry entry) => await statements.InsertAsync(sql.InsertConversationEntry, entry);

    public async ValueTask AddAsync(AuditEntry entry) => await statements.InsertAsync(sql.InsertAuditEntry, entry);

    public async ValueTask AddAsync(OutboxMessage message) => await statements.InsertAsync(sql.InsertOutboxMessage, message);

    private static int? ToId(long? value) => value is { } id ? checked((int)id) : null;
}
