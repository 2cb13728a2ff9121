using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sav.Domain.Conversations;
using Sav.Domain.Search;
using Sav.Domain.Tickets;

namespace Sav.Domain.Data;

/// <summary>
/// <c>seed-demo --tickets N</c>: an empty database filled with N believable tickets (several years of history, about 5 %
/// open, three to six conversation entries each), for trying Sav, its search and its reports at scale. The reference
/// data and the clients come from <see cref="DemoData"/>; the tickets go in by prepared statements, ten thousand per
/// transaction (EF Core's change tracker would take hours at a million), and the search index is built once at the end.
/// </summary>
public static class BulkDemoData
{
    private const int PerTransaction = 10_000;

    private static readonly string[] Replies =
    [
        "Voici la photo demandée, l'étiquette est un peu abîmée mais lisible.",
        "Merci pour votre retour rapide, le problème est revenu ce matin après le redémarrage.",
        "Nous avons testé avec un autre câble, même résultat : l'écran reste noir.",
        "Le firmware affiché est le 3.2.7, l'appareil est branché directement sur le secteur.",
        "C'est réglé depuis votre intervention, vous pouvez clôturer le dossier.",
        "Le technicien de l'établissement est disponible jeudi après-midi pour l'échange.",
    ];

    public static async Task<bool> SeedAsync(SavDbContext db, TimeProvider clock, int tickets, IProgress<(long Done, long Total)>? progress = null,
        CancellationToken ct = default)
    {
        if (!await DemoData.SeedAsync(db, clock, clients: Math.Clamp(tickets / 500, 240, 5_000), tickets: 0, ct)) return false;
        var statuses = await db.Statuses.AsNoTracking().OrderBy(s => s.Order).ToListAsync(ct);
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, Contacts = c.Contacts.Select(x => new { x.Id, x.Email }).ToList() }).ToListAsync(ct);
        var families = await db.ProductFamilies.AsNoTracking().Select(f => new { f.Id, Products = f.Products.Select(p => new { p.Id, p.Name }).ToList() }).ToListAsync(ct);
        var brands = await db.Brands.AsNoTracking().Select(b => b.Id).ToListAsync(ct);
        var analysts = await db.Analysts.AsNoTracking().Select(a => new { a.Id, a.Email }).ToListAsync(ct);
        var closed = statuses.Single(s => s.Code == WellKnownStatus.Closed);
        var open = statuses.Where(s => s.Category != StatusCategory.Closed).ToList();
        var start = await db.Counters.Where(c => c.Name == TicketCode.CounterName).Select(c => c.Value).SingleAsync(ct);
        // The demo's response target, kept on each ticket as Sav keeps it (Sla/SlaPolicy.cs); a waiting one paused since its
        // last message.
        var targets = await db.SlaTargets.AsNoTracking().ToListAsync(ct);
        var calendar = Sla.SlaBackfill.CalendarOf(db);

        // The indexes are built once from the finished tables: row by row through its triggers would cost ten times as much.
        await SearchIndex.DropAsync(db, ct);
        await FacetCounts.DropAsync(db, ct);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var sqlite = db.IsSqlite;
        var toBinary = new DateTimeOffsetToBinaryConverter();
        object Time(DateTimeOffset at) => sqlite ? toBinary.ConvertToProvider(at)! : at.ToUniversalTime();

        var random = new Random(1_000_003);
        var now = clock.GetUtcNow();
        var span = TimeSpan.FromDays(4 * 365);
        for (var first = 0; first < tickets; first += PerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // Each command disposed with its transaction: SQLite runs in multi-thread mode (SqliteRuntime.cs), and a statement
            // the collector finalizes on its own thread while this one uses the connection crashes the process.
            await using var insertTicket = Command(connection, transaction, """
                INSERT INTO "Tickets" ("Code", "ClientId", "ContactId", "ProductFamilyId", "ProductId", "SerialNumber", "OrderNumber", "Warranty",
                  "Subject", "Description", "StatusId", "AnalystId", "Channel", "BrandId", "Language", "CreatedAt", "UpdatedAt", "FirstAnsweredAt",
                  "ClosedAt", "Version", "SlaTargetId", "AnswerDueAt", "CloseDueAt", "SlaPausedAt", "SlaDueAt")
                  VALUES (@code, @client, @contact, @family, @product, @serial, @order, @warranty, @subject, @description,
                  @status, @analyst, @channel, @brand, 'fr', @created, @updated, @answered, @closed, 0, @target, @answerdue, @closedue, @paused, @due)
                  RETURNING "Id"
                """, "code", "client", "contact", "family", "product", "serial", "order", "warranty", "subject", "description", "status", "analyst",
                "channel", "brand", "created", "updated", "answered", "closed", "target", "answerdue", "closedue", "paused", "due");
            await using var insertEntry = Command(connection, transaction, """
                INSERT INTO "ConversationEntries" ("TicketId", "Direction", "Channel", "Author", "Text", "At") VALUES (@ticket, @direction, @channel, @author, @text, @at)
                """, "ticket", "direction", "channel", "author", "text", "at");
            await using var insertMilestone = Command(connection, transaction, """
                INSERT INTO "TicketMilestones" ("TicketId", "Kind", "At") VALUES (@ticket, 'Closed', @at)
                """, "ticket", "at");
            var last = Math.Min(tickets, first + PerTransaction);
            for (var i = first; i < last; i++)
            {
                var client = clients[random.Next(clients.Count)];
                var contact = client.Contacts[random.Next(client.Contacts.Count)];
                var family = families[random.Next(families.Count)];
                var product = family.Products[random.Next(family.Products.Count)];
                // Older tickets are closed; the recent ones (about 5 % of four years) spread over the open statuses.
                var created = now - span * Math.Pow(random.NextDouble(), 0.8);
                var isOpen = now - created < TimeSpan.FromDays(75) && random.NextDouble() < 0.8;
                var status = isOpen ? open[random.Next(open.Count)] : closed;
                var analyst = status.Code == WellKnownStatus.New ? null : analysts[random.Next(analysts.Count)];
                var (subject, description) = DemoData.Problems[random.Next(DemoData.Problems.Length)];
                var entries = 3 + random.Next(4);
                var at = created;
                var answered = (DateTimeOffset?)null;
                var texts = new List<(Direction Direction, string Author, string Text, DateTimeOffset At)> { (Direction.FromCustomer, contact.Email, description, created) };
                for (var e = 1; e < entries; e++)
                {
                    at += TimeSpan.FromMinutes(random.Next(20, 60 * 48));
                    if (at > now) break;
                    var fromTeam = e % 2 == 1;
                    if (fromTeam) answered ??= at;
                    texts.Add(fromTeam
                        ? (Direction.ToCustomer, analyst?.Email ?? DemoData.DevelopmentAnalyst, DemoData.Questions[random.Next(DemoData.Questions.Length)], at)
                        : (Direction.FromCustomer, contact.Email, Replies[random.Next(Replies.Length)], at));
                }
                var updated = texts[^1].At;
                var channel = (Channel)random.Next(4);
                var warranty = (Warranty)random.Next(3);
                var brand = brands[random.Next(brands.Count)];
                var sla = new Ticket { CreatedAt = created, FirstAnsweredAt = answered, ClosedAt = status == closed ? updated : null };
                if (Sla.SlaPolicy.For(targets, brand, warranty, created) is { } target)
                {
                    Sla.SlaPolicy.Start(sla, Sla.SlaPolicy.Dues(target, created, calendar));
                    if (status.Category is StatusCategory.WaitingOnCustomer or StatusCategory.WaitingOnThirdParty) Sla.SlaPolicy.Pause(sla, updated);
                }
                object? Due(DateTimeOffset? due) => due is { } d ? Time(d) : null;
                Set(insertTicket, TicketCode.FromNumber(start + i), client.Id, contact.Id, family.Id, product.Id,
                    $"SN{random.Next(100000, 999999)}-{(char)('A' + random.Next(26))}", random.NextDouble() < 0.6 ? $"CMD-{random.Next(20000, 99999)}" : null,
                    warranty.ToString(), $"{subject} — {product.Name}", description, status.Id, analyst?.Id, channel.ToString(),
                    brand, Time(created), Time(updated), answered is { } a ? Time(a) : null,
                    status == closed ? Time(updated) : null, sla.SlaTargetId, Due(sla.AnswerDueAt), Due(sla.CloseDueAt), Due(sla.SlaPausedAt), Due(sla.SlaDueAt));
                var id = Convert.ToInt32(await insertTicket.ExecuteScalarAsync(ct));
                foreach (var entry in texts)
                {
                    Set(insertEntry, id, entry.Direction.ToString(), (entry.Direction == Direction.FromCustomer ? channel : Channel.Email).ToString(),
                        entry.Author, entry.Text, Time(entry.At));
                    await insertEntry.ExecuteNonQueryAsync(ct);
                }
                if (status == closed)
                {
                    Set(insertMilestone, id, Time(updated));
                    await insertMilestone.ExecuteNonQueryAsync(ct);
                }
            }
            await transaction.CommitAsync(ct);
            progress?.Report((last, tickets));
        }
        await db.Counters.Where(c => c.Name == TicketCode.CounterName).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, start + tickets), ct);
        await SearchIndex.EnsureAsync(db, null, ct);
        await FacetCounts.EnsureAsync(db, ct);
        return true;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }
}
