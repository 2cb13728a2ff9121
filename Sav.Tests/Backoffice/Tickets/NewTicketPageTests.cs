using MudBlazor;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Tickets;

public class NewTicketPageTests
{
    [Fact]
    public async Task A_phone_ticket_for_a_picked_client_is_opened_and_confirmed_by_mail()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        var analyst = await ctx.SignInAsync();
        await using (var db = ctx.Database.CreateDbContext())
        {
            var client = new Client { Name = "Lycée Condorcet", ErpId = "C10042" };
            client.Contacts.Add(new Contact { Name = "Julie Roux", Email = "julie.roux@condorcet.example", Phone = "06 11 22 33 44" });
            db.Clients.Add(client);
            var family = new ProductFamily { Code = "TELECOMMANDE", Name = "Télécommandes" };
            family.Products.Add(new Product { Code = "TC-1", Name = "Télécommande TC-1" });
            db.ProductFamilies.Add(family);
            await db.SaveChangesAsync();
        }
        var page = ctx.Render<NewTicketPage>();
        // A MudSelect's list opens in a popover: the choice is made through the component, as a click on an item makes it.
        Task Choose(string label, string value) =>
            page.InvokeAsync(() => page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == label).Instance.ValueChanged.InvokeAsync(value));

        await page.Find("[data-testid=client] input").ChangeAsync(new() { Value = "condorcet" });
        await page.Find("[data-testid=client] input").BlurAsync(new());
        await page.WaitForElement("[data-client] button").ClickAsync(new());
        await page.WaitForElement("[data-contact] button").ClickAsync(new());
        await page.Find("input[data-testid=new-subject], [data-testid=new-subject] input").ChangeAsync(new() { Value = "La télécommande ne répond plus" });
        await Choose("Famille *", "Télécommandes");
        await Choose("Produit", "Télécommande TC-1");
        await page.Find("[data-testid=create]").ClickAsync(new());

        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/tickets/[0-9A-Z]{4,5}$", navigation.Uri));
        var code = navigation.Uri.Split('/')[^1];
        await using (var db = ctx.Database.CreateDbContext())
        {
            var ticket = await db.Tickets.Include(t => t.Client).Include(t => t.Contact).Include(t => t.Product).Include(t => t.Status)
                .SingleAsync(t => t.Code == code);
            Assert.Equal((Channel.Phone, "Lycée Condorcet", "julie.roux@condorcet.example", "Télécommande TC-1", "a10"),
                (ticket.Channel, ticket.Client?.Name, ticket.Contact?.Email, ticket.Product?.Name, ticket.Status.Code));
            var mail = await db.OutboxMessages.SingleAsync();
            Assert.Equal(("OpeningConfirmation", "julie.roux@condorcet.example"), (mail.Template, mail.Recipient));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.TicketId == ticket.Id && a.Actor == analyst.Email));
        }
    }

    [Fact]
    public async Task Missing_fields_are_named_and_nothing_is_created()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var page = ctx.Render<NewTicketPage>();

        await page.Find("[data-testid=create]").ClickAsync(new());

        var errors = page.WaitForElement("[data-testid=errors]").TextContent;
        Assert.Contains("E-mail", errors);
        Assert.Contains("Sujet", errors);
        Assert.Contains("Famille", errors);
        await using var db = ctx.Database.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
    }
}
