using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Reports;
using Sav.Domain.Search;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;

namespace Sav.Tests.Domain.Search;

/// <summary>The same words index on PostgreSQL: a tsvector over unaccent, kept by triggers.</summary>
public class SearchPostgresTests
{
    [Fact]
    public async Task Accents_ligatures_codes_addresses_replies_and_renames_are_found_on_PostgreSQL()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        int id;
        await using (var db = database.CreateDbContext())
        {
            var status = await db.Statuses.SingleAsync(s => s.Code == WellKnownStatus.New);
            var client = new Client { Name = "Lycée Voltaire", ErpId = "ERP-4411" };
            var ticket = new Ticket
            {
                Code = "A0K3", Subject = "Écran noir, mise en œuvre", StatusId = status.Id, Client = client, SerialNumber = "SN-77812",
                Contact = new Contact { Name = "Marie Durand", Email = "marie.durand@college-pasteur.example", Client = client },
                CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
            };
            db.Tickets.Add(ticket);
            db.Tickets.Add(new Ticket { Code = "A0K4", Subject = "Télécommande muette", StatusId = status.Id, CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync();
            id = ticket.Id;
            db.ConversationEntries.Add(new ConversationEntry { TicketId = id, Direction = Direction.FromCustomer, Author = "marie", Text = "Le condensateur a gonflé", At = clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var search = new TicketSearch(database, new TeamTime(TeamTime.DefaultZone, clock));
        async Task<IReadOnlyList<string>> Find(string words) => (await search.SearchAsync(new SearchRequest { Words = words })).Hits.Select(h => h.Code).ToList();

        foreach (var words in new[] { "ecran", "ÉCRAN", "écr", "oeuvre", "a0k3", "SN-77812", "marie.durand@college-pasteur.example", "condensateur gonfle", "voltaire", "ERP-4411" })
            Assert.Equal(["A0K3"], await Find(words));
        Assert.Equal(["A0K4"], await Find("telecommande"));

        await using (var db = database.CreateDbContext())
            await db.Clients.ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Lycée Condorcet"));
        Assert.Empty(await Find("voltaire"));
        Assert.Equal(["A0K3"], await Find("condorcet"));
        Assert.Equal(0, (await search.SearchAsync(new SearchRequest { Words = "\" * NEAR( - ) & | ! :" })).Total);
        Assert.Equal(1, (await search.SearchAsync(new SearchRequest { Words = "(écran) & !" })).Total);
        var facets = await search.FacetsAsync(new SearchRequest { Words = "ecran", Created = SearchPeriod.Parse("year", new DateOnly(2026, 12, 1)) }, "fr");
        Assert.Equal(1, facets.Groups.Single(g => g.Key == "open").Count);
        Assert.Equal(1, facets.Created.Single(p => p.Key == "30d").Count);
    }
}
