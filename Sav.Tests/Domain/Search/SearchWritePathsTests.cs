using Microsoft.EntityFrameworkCore;
using Sav.Domain.Reports;
using Sav.Domain.Search;
using Sav.Domain.Tickets;
using Sav.Tests.Domain.Mail.Mailbox;

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
}
