using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Reports;
using Sav.Domain.Search;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Search;

/// <summary>The words index on French text, kept in step by every write path.</summary>
public class SearchIndexTests
{
    private static TicketSearch Search(TestDatabase database, TestServices services) =>
        new(database, new TeamTime(TeamTime.DefaultZone, services.Clock));

    private static async Task<IReadOnlyList<string>> FindAsync(TestDatabase database, TestServices services, string words) =>
        (await Search(database, services).SearchAsync(new SearchRequest { Words = words })).Hits.Select(h => h.Code).ToList();

    [Theory]
    [InlineData("ecran")]
    [InlineData("ÉCRAN")]
    [InlineData("écr")]
    [InlineData("Ecran noir")]
    [InlineData("l'écran")]
    public async Task A_ticket_opened_from_a_form_is_found_whatever_the_case_and_accents(string words)
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Écran noir après l'orage" }, "form");
        await services.Opener.OpenAsync(TestServices.ValidRequest("paul@example.org") with { Subject = "Télécommande muette", Description = "Plus de piles" }, "form");

        Assert.Equal([opened.Code], await FindAsync(database, services, words));
    }

    [Fact]
    public async Task Ligatures_codes_references_hyphenated_names_and_the_contact_are_found()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with
        {
            Subject = "Mise en œuvre du stylet", SerialNumber = "SN-77812", Phone = "01 23 45 67 89", Product = "ET-55",
        }, "form");
        await services.Opener.OpenAsync(TestServices.ValidRequest("paul@example.org") with { Subject = "Autre chose", Name = "Paul Martin", Customer = "Lycée Hugo" }, "form");

        foreach (var words in new[] { "oeuvre", "Œuvre", "sn-77812", "77812", opened.Code, opened.Code.ToLowerInvariant(), "marie.durand@college-pasteur.example", "Durand", "Collège Pasteur" })
            Assert.Equal([opened.Code], await FindAsync(database, services, words));
    }

    [Theory]
    [InlineData("\"", 2)]
    [InlineData("*", 2)]
    [InlineData("- -", 2)]
    [InlineData("NEAR(", 0)]
    [InlineData("écran\"", 1)]
    [InlineData("(écran) *", 1)]
    [InlineData("subject:écran", 0)]
    public async Task Search_syntax_typed_by_hand_is_only_words_and_never_an_error(string words, int found)
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Écran noir" }, "form");
        await services.Opener.OpenAsync(TestServices.ValidRequest("paul@example.org") with { Subject = "Télécommande muette", Description = "Piles" }, "form");

        Assert.Equal(found, (await Search(database, services).SearchAsync(new SearchRequest { Words = words })).Total);
        Assert.Equal(0, (await Search(database, services).SearchAsync(new SearchRequest { Words = words + new string('x', 10_000) })).Total);
    }

    [Fact]
    public async Task A_reply_a_note_an_edit_and_a_client_rename_are_in_the_index_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        int version;
        await using (var db = database.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync();
            version = ticket.Version;
            db.ConversationEntries.Add(new ConversationEntry { TicketId = ticket.Id, Direction = Direction.FromCustomer, Author = "marie", Text = "Le condensateur a gonflé", At = services.Clock.GetUtcNow() });
            var client = new Sav.Domain.Clients.Client { Name = "Lycée Voltaire", ErpId = "ERP-4411" };
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            ticket.ClientId = client.Id;
            await db.SaveChangesAsync();
        }
        Assert.Equal([opened.Code], await FindAsync(database, services, "condensateur gonfle"));
        Assert.Equal([opened.Code], await FindAsync(database, services, "voltaire"));
        Assert.Equal([opened.Code], await FindAsync(database, services, "ERP-4411"));

        await using (var db = database.CreateDbContext())
        {
            await db.Clients.ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Lycée Condorcet"));
            await db.Contacts.ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Marie Lefèvre"));
            var ticket = await db.Tickets.SingleAsync();
            ticket.Subject = "Borne figée";
            await db.SaveChangesAsync();
        }
        Assert.Empty(await FindAsync(database, services, "voltaire"));
        Assert.Equal([opened.Code], await FindAsync(database, services, "condorcet"));
        Assert.Equal([opened.Code], await FindAsync(database, services, "lefevre"));
        Assert.Equal([opened.Code], await FindAsync(database, services, "borne figee"));
        Assert.Empty(await FindAsync(database, services, "ecran"));
    }

    [Fact]
    public async Task The_ticket_list_s_quick_search_goes_through_the_index()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Subject = "Écran noir" }, "form");
        await using var db = database.CreateDbContext();

        var page = await TicketList.LoadAsync(db, new TicketListRequest { Search = "ecran", Filter = TicketFilter.All });

        Assert.Equal([opened.Code], page.Groups.SelectMany(g => g.Rows).Select(r => r.Code));
    }
}
