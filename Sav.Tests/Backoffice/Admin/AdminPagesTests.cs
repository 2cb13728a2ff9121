using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Pages.Admin;
using Sav.Domain.Analysts;
using Sav.Tests.Backoffice.Auth;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Admin;

public class AdminPagesTests
{
    [Theory]
    [InlineData("/admin/statuses")]
    [InlineData("/admin/catalog")]
    [InlineData("/admin/brands")]
    [InlineData("/admin/analysts")]
    public async Task Admin_pages_are_for_admins_only(string path)
    {
        await using var database = await TestDatabase.CreateAsync();
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        await SignInTests.AddAnalystAsync(database, "admin@sav.local", active: true, AnalystRole.Admin);
        await using var factory = new BackofficeFactory(database);
        using var analyst = factory.CreateBrowserlessClient();
        using var admin = factory.CreateBrowserlessClient();
        await analyst.PostAsync("/dev/signin", SignInTests.Form(await analyst.GetStringAsync("/dev/signin"), "camille@sav.local", "/"));
        await admin.PostAsync("/dev/signin", SignInTests.Form(await admin.GetStringAsync("/dev/signin"), "admin@sav.local", "/"));

        using var refused = await analyst.GetAsync(path);
        using var allowed = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/denied", refused.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_statuses_page_adds_a_status_and_says_why_a_lifecycle_status_stays_active()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync("admin@sav.local", AnalystRole.Admin);
        var page = ctx.Render<StatusesPage>();

        await page.WaitForElement("tr.admin-row[data-code=a10] button").ClickAsync(new());
        await page.Find("[data-testid=admin-form] input[type=checkbox]").ChangeAsync(new() { Value = false });
        await page.Find("[data-testid=admin-save]").ClickAsync(new());
        Assert.Equal("Enregistrement impossible : le statut a10 sert au cycle de vie des dossiers : son code, sa catégorie et son activation ne changent pas.",
            page.WaitForElement("[data-testid=admin-error]").TextContent.Trim());

        await page.FindAll("button").First(b => b.TextContent.Contains("Ajouter")).ClickAsync(new());
        var inputs = page.FindAll("[data-testid=admin-form] input");
        await inputs[0].ChangeAsync(new() { Value = "b40" });
        await inputs[1].ChangeAsync(new() { Value = "Devis envoyé" });
        await page.Find("[data-testid=admin-save]").ClickAsync(new());

        page.WaitForElement("tr.admin-row[data-code=b40]");
        await using var db = ctx.Database.CreateDbContext();
        Assert.True(await db.Statuses.AnyAsync(s => s.Code == "b40" && s.Label == "Devis envoyé" && s.Active));
        Assert.True(await db.Statuses.AnyAsync(s => s.Code == "a10" && s.Active));
    }

    [Fact]
    public async Task An_admin_sets_what_customers_read_of_a_status_beside_the_team_s_label()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync("admin@sav.local", AnalystRole.Admin);
        var page = ctx.Render<StatusesPage>();
        Assert.Contains("Nouvelle demande, en attente de prise en charge", page.WaitForElement("tr.admin-row[data-code=a10]").TextContent);

        await page.Find("tr.admin-row[data-code=b20] button").ClickAsync(new());
        await page.Find("#customer-label").ChangeAsync(new() { Value = "Notre technicien examine votre produit" });
        await page.Find("#customer-label-en").ChangeAsync(new() { Value = "Our technician is looking at your product" });
        await page.Find("[data-testid=admin-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Notre technicien examine votre produit", page.Find("tr.admin-row[data-code=b20]").TextContent));
        await using var db = ctx.Database.CreateDbContext();
        var status = await db.Statuses.SingleAsync(s => s.Code == "b20");
        Assert.Equal("Our technician is looking at your product", status.ForCustomer("en"));
        Assert.Equal("Diagnostic en cours", status.Label);
    }
}
