using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Pages.Clients;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Clients;

public class ClientPagesTests
{
    [Fact]
    public async Task Searching_clients_ignores_case_and_finds_them_by_contact_too()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();
        await using var db = ctx.Database.CreateDbContext();
        var total = await db.Clients.CountAsync();
        var contact = await db.Contacts.Include(c => c.Client).OrderBy(c => c.Id).FirstAsync();
        var page = ctx.Render<ClientsPage>();
        Assert.Equal($"{total} client(s)", page.WaitForElement("[data-testid=total]").TextContent);

        await page.Find("input[data-testid=search]").InputAsync(new() { Value = contact.Email.ToUpperInvariant() });
        await page.Find("input[data-testid=search]").BlurAsync(new());

        page.WaitForAssertion(() => Assert.Contains(contact.Client!.Name,
            page.FindAll("tr.client-row").Select(r => r.Children[0].TextContent)), TimeSpan.FromSeconds(5));
        Assert.True(page.FindAll("tr.client-row").Count < total);
    }

    [Fact]
    public async Task A_client_page_lists_its_contacts_and_tickets()
    {
        await using var ctx = await BackofficeContext.CreateAsync(demo: true);
        await ctx.SignInAsync();
        await using var db = ctx.Database.CreateDbContext();
        var client = await db.Clients.Include(c => c.Contacts).Where(c => db.Tickets.Any(t => t.ClientId == c.Id)).OrderBy(c => c.Id).FirstAsync();
        var codes = await db.Tickets.Where(t => t.ClientId == client.Id).Select(t => t.Code).OrderBy(c => c).ToListAsync();

        var page = ctx.Render<ClientPage>(p => p.Add(x => x.Id, client.Id));

        page.WaitForElement("[data-testid=summary]");
        Assert.Equal(client.Name, page.Find("h1").TextContent);
        Assert.Equal(client.Contacts.Select(c => c.Email).Order(), page.FindAll("tr.contact-row").Select(r => r.Children[1].TextContent).Order());
        Assert.Equal(codes, page.FindAll("tr.ticket-row").Select(r => r.GetAttribute("data-code")!).Order());
    }

    [Fact]
    public async Task A_client_without_tickets_or_contacts_says_so()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        await using var db = ctx.Database.CreateDbContext();
        var client = new Sav.Domain.Clients.Client { ErpId = "C77", Name = "Lycée Curie" };
        db.Clients.Add(client);
        await db.SaveChangesAsync();

        var page = ctx.Render<ClientPage>(p => p.Add(x => x.Id, client.Id));

        Assert.Equal("Aucun dossier pour ce client.", page.WaitForElement("[data-testid=no-tickets]").TextContent.Trim());
        Assert.Equal("Aucun contact connu pour ce client.", page.Find("[data-testid=no-contacts]").TextContent.Trim());
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public async Task With_the_erp_down_the_page_works_from_the_cache_says_so_and_synchronise_refreshes_once_it_is_back()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        await using var erp = await Sav.Tests.Servers.ErpServer.StartAsync();
        erp.Add("C1", "Lycée Colbert", segment: "Éducation");
        var options = new Sav.Domain.Erp.ErpOptions
        {
            BaseUrl = erp.Address, ListPath = "/api/clients", PageParameter = "p", PageSizeParameter = "n", ItemsField = "data", ClientPath = "/api/clients/{id}",
            Fields = new() { ErpId = "code", Name = "raisonSociale", Address = "adresse", Phone = "contact.tel", EmailDomain = "domaine" },
            Extra = new() { ["segment"] = "Segment" },
        };
        var sync = new Sav.Domain.Erp.ErpSync(new Sav.Domain.Erp.ErpClient(new HttpClient { BaseAddress = erp.Address }, Microsoft.Extensions.Options.Options.Create(options)),
            ctx.Database, ctx.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Sav.Domain.Erp.ErpSync>.Instance);
        ctx.Services.AddSingleton(sync);
        await sync.RunAsync();
        ctx.Clock.Advance(TimeSpan.FromHours(1));
        erp.Next.Enqueue("500");
        await Assert.ThrowsAsync<Sav.Domain.Erp.ErpException>(() => sync.RunAsync());
        await using var db = ctx.Database.CreateDbContext();
        var client = await db.Clients.SingleAsync();

        var page = ctx.Render<ClientPage>(p => p.Add(x => x.Id, client.Id));

        page.WaitForElement("[data-testid=summary]");
        Assert.Equal("Lycée Colbert", page.Find("h1").TextContent);
        Assert.Contains("Éducation", page.Find("[data-testid=summary]").TextContent);
        Assert.Equal("Données de l’ERP du 02/11/2026 10:00", page.Find("[data-testid=erp-fetched]").TextContent.Trim());
        Assert.Contains("a répondu 500", page.Find("[data-testid=erp-stale]").TextContent);

        erp.Add("C1", "Lycée Colbert (annexe)", segment: "Éducation");
        ctx.Clock.Advance(TimeSpan.FromMinutes(5));
        await page.Find("[data-testid=erp-refresh]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Lycée Colbert (annexe)", page.Find("h1").TextContent), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("[data-testid=erp-stale]"));
        Assert.Equal("Données de l’ERP du 02/11/2026 11:05", page.Find("[data-testid=erp-fetched]").TextContent.Trim());
    }
}
