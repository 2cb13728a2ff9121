using Microsoft.EntityFrameworkCore;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Reports;
using Sav.Domain.Search;
using Sav.Domain.Tickets;
using Sav.Tests.Domain.Mail.Mailbox;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Search;

/// <summary>Each way the product writes indexed text keeps the index in step, through the real services.</summary>
public class SearchWritePathsTests
{
    private static async Task<IReadOnlyList<string>> FindAsync(SweepHarness harness, string words) =>
        (await new TicketSearch(harness.Database, new TeamTime(TeamTime.DefaultZone, harness.Services.Clock))
            .SearchAsync(new SearchRequest { Words = words })).Hits.Select(h => h.Code).ToList();

    [Fact]
    public async Task A_reply_filed_by_the_sweep_a_note_a_question_and_an_edit_are_found_at_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var code = harness.Ticket.Code;
        harness.Drop(Mime.Reply($"RE: Ticket N° {harness.Context}# - Écran", "Le ventilateur siffle très fort.", Mime.File("son.mp3", "audio/mpeg", 4_000)));

        await harness.Sweeper().SweepAsync(CancellationToken.None);
        Assert.Equal([code], await FindAsync(harness, "ventilateur siffle"));

        var actions = new TicketActions(harness.Database, harness.Services.Composer, harness.Services.Clock);
        await actions.AddNoteAsync(harness.Ticket.Id, "Carte mère à remplacer", "lea@sav.local");
        Assert.Equal([code], await FindAsync(harness, "carte mere"));
        await actions.AskAsync(harness.Ticket.Id, "Quel est le numéro d'inventaire ?", "lea@sav.local");
        Assert.Equal([code], await FindAsync(harness, "inventaire"));

        int version;
        await using (var db = harness.Database.CreateDbContext())
            version = await db.Tickets.Where(t => t.Id == harness.Ticket.Id).Select(t => t.Version).SingleAsync();
        await actions.EditAsync(harness.Ticket.Id, version, new TicketEdit { Subject = "Borne gelée", SerialNumber = "BX-4040" }, "lea@sav.local");
        Assert.Equal([code], await FindAsync(harness, "borne gelee"));
        Assert.Equal([code], await FindAsync(harness, "BX-4040"));
        Assert.Empty(await FindAsync(harness, "ne s'allume"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_contact_or_a_client_written_back_unchanged_leaves_its_tickets_index_alone(bool postgres)
    {
        // An opening by a known contact writes its name and phone back; an ERP sync or an import may write a client's
        // unchanged name: neither may index all their tickets again (a contact with hundreds of tickets would slow every
        // opening). A real change does.
        (IAsyncDisposable Owner, IDbContextFactory<SavDbContext> Factory) made = postgres
            ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() is var pg ? (pg, pg) : default
            : await TestDatabase.CreateAsync() is var lite ? (lite, lite) : default;
        await using var _ = made.Owner;
        await using var db = await made.Factory.CreateDbContextAsync();
        var status = await db.Statuses.FirstAsync();
        var client = new Client { Name = "Lycée Voltaire", ErpId = "ERP-1" };
        var contact = new Contact { Name = "Marie Durand", Email = "marie@voltaire.example", Phone = "0472000000", Client = client };
        for (var i = 0; i < 3; i++)
            db.Tickets.Add(new Ticket { Code = $"A00{i}", Subject = "Écran noir", StatusId = status.Id, Client = client, Contact = contact, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await db.Database.OpenConnectionAsync();
        // PostgreSQL: a row written again gets a new xmin. SQLite: total_changes() counts the rows the triggers write too.
        Task<string> Mark() => (postgres
            ? db.Database.SqlQueryRaw<string>($"SELECT string_agg(xmin::text, ',' ORDER BY \"TicketId\") AS \"Value\" FROM \"{SearchIndex.Table}\"")
            : db.Database.SqlQueryRaw<string>("SELECT CAST(total_changes() AS TEXT) AS \"Value\"")).SingleAsync();

        var before = await Mark();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Contacts\" SET \"Name\" = \"Name\", \"Phone\" = \"Phone\", \"Email\" = \"Email\"");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Clients\" SET \"Name\" = \"Name\", \"ErpId\" = \"ErpId\"");
        var unchanged = await Mark();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Contacts\" SET \"Phone\" = '0472999999'");
        var changed = await Mark();

        // SQLite's mark counts the two plain updates, nothing more.
        Assert.Equal(postgres ? before : (long.Parse(before) + 2).ToString(), unchanged);
        Assert.NotEqual(postgres ? unchanged : (long.Parse(unchanged) + 1).ToString(), changed);
        Assert.Equal(["A000", "A001", "A002"], (await new TicketSearch(made.Factory, new TeamTime(TeamTime.DefaultZone, TimeProvider.System))
            .SearchAsync(new SearchRequest { Words = "0472999999", Sort = SearchSort.Created })).Hits.Select(h => h.Code).Order());
    }
}
