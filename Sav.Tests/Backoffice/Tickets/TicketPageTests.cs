using Bunit;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

public class TicketPageTests
{
    [Fact]
    public async Task The_ticket_page_shows_the_summary_and_the_conversation_in_order()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest() with { SerialNumber = "SN-123" }, "test");
        await using (var db = ctx.Database.CreateDbContext())
        {
            db.ConversationEntries.AddRange(
                new ConversationEntry { TicketId = opened.Id, Direction = Direction.InternalNote, Channel = Channel.Backoffice,
                    Author = "analyste@sav.local", Text = "Vérifier le lot", At = BackofficeContext.Now.AddHours(2) },
                new ConversationEntry { TicketId = opened.Id, Direction = Direction.ToCustomer, Channel = Channel.Email,
                    Author = "analyste@sav.local", Text = "Une photo de l'étiquette ?", At = BackofficeContext.Now.AddHours(1) });
            await db.SaveChangesAsync();
        }
        ctx.Clock.Advance(TimeSpan.FromDays(3));

        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code.ToLowerInvariant()));

        page.WaitForElement("[data-testid=summary]");
        Assert.Contains($"Dossier {opened.Code} — Écran ne s'allume plus", page.Find("h1").TextContent);
        Assert.Equal("a10. Nouveau", page.Find("[data-testid=status]").TextContent.Trim());
        Assert.Equal("Collège Pasteur", page.Find("[data-field=Client]").TextContent);
        Assert.Equal("Écrans tactiles", page.Find("[data-field=Produit]").TextContent);
        Assert.Equal("SN-123", page.Find("[data-field='N° de série']").TextContent);
        Assert.Equal("Non assigné", page.Find("[data-field=Analyste]").TextContent);
        Assert.StartsWith("il y a 3 jours", page.Find("[data-field=Créé]").TextContent);

        var entries = page.FindAll(".conversation-entry");
        Assert.Equal(["FromCustomer", "ToCustomer", "InternalNote"], entries.Select(e => e.GetAttribute("data-direction")));
        Assert.Contains("Client → SAV", entries[0].TextContent);
        Assert.Contains("marie.durand@college-pasteur.example", entries[0].TextContent);
        Assert.Contains("Le voyant reste orange.", entries[0].TextContent);
        Assert.Contains("SAV → Client", entries[1].TextContent);
        Assert.Contains("Une photo de l'étiquette ?", entries[1].TextContent);
        Assert.Contains("Note interne", entries[2].TextContent);
        Assert.Contains("avant-hier", entries[2].TextContent);
    }

    [Fact]
    public async Task An_unknown_code_says_so()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();

        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, "ZZZZ"));

        Assert.Contains("ZZZZ", page.WaitForElement("[data-testid=not-found]").TextContent);
    }

    [Fact]
    public async Task The_documents_and_history_tabs_list_files_and_changes()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        int documentId;
        await using (var db = ctx.Database.CreateDbContext())
        {
            var document = new Sav.Domain.Documents.Document
            {
                TicketId = opened.Id, Name = "photo-etiquette.jpg", MediaType = "image/jpeg", Size = 2_560_000, StoreId = "x/y",
                CreatedAt = BackofficeContext.Now.AddHours(-5),
            };
            db.Documents.Add(document);
            await db.SaveChangesAsync();
            documentId = document.Id;
            await ctx.Actions.ChangeStatusAsync(opened.Id, await db.Tickets.Where(t => t.Id == opened.Id).Select(t => t.Version).SingleAsync(),
                "b20", "lea@sav.local", "Diagnostic");
        }
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));
        page.WaitForElement("[data-testid=summary]");

        await page.FindAll(".mud-tab").Single(t => t.TextContent.StartsWith("Documents (1)")).ClickAsync(new());
        var row = page.WaitForElement($"tr[data-document='{documentId}']");
        Assert.Equal(["photo-etiquette.jpg", "2,4 Mo", "image/jpeg", "il y a 5 heures"], row.Children.Skip(1).Take(4).Select(c => c.TextContent.Trim()));
        Assert.Equal($"documents/{documentId}", row.QuerySelector("a[data-action=download]")!.GetAttribute("href"));

        await page.FindAll(".mud-tab").Single(t => t.TextContent.StartsWith("Historique")).ClickAsync(new());
        var changes = page.WaitForElements("tr.history-row", 2);
        Assert.Contains("lea@sav.local", changes[0].TextContent);
        Assert.Contains("b20. Diagnostic en cours", changes[0].TextContent);
        Assert.Contains("a10. Nouveau", changes[1].TextContent);
    }
}
