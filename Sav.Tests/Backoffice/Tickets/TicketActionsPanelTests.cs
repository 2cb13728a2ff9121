using Bunit;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

public class TicketActionsPanelTests
{
    [Fact]
    public async Task Asking_a_question_from_the_page_shows_it_and_waits_on_the_customer()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        var analyst = await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));
        page.WaitForElement("[data-testid=question] textarea");

        await page.Find("[data-testid=question] textarea").ChangeAsync(new() { Value = "Quel est le numéro de série ?" });
        await page.Find("[data-testid=ask]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("c20. Attente précisions Demandeur", page.Find("[data-testid=status]").TextContent.Trim()));
        var question = page.FindAll(".conversation-entry").Single(e => e.GetAttribute("data-direction") == nameof(Direction.ToCustomer));
        Assert.Contains("Quel est le numéro de série ?", question.TextContent);
        Assert.Contains(analyst.Email, question.TextContent);
        Assert.Equal("", page.Find("[data-testid=question] textarea").GetAttribute("value") ?? "");
        await using var db = ctx.Database.CreateDbContext();
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Template == "Question" && m.Text.Contains("Quel est le numéro de série ?")));
    }

    [Fact]
    public async Task A_second_analyst_is_told_of_the_conflict_and_keeps_what_they_typed()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));
        // The form is folded until « Modifier ».
        Assert.Empty(page.WaitForElement("[data-testid=edit]").QuerySelectorAll("input"));
        await page.Find("[data-testid=edit-open]").ClickAsync(new());
        page.WaitForElement("[data-testid=edit] input");
        await page.Find("[data-testid=edit] input").ChangeAsync(new() { Value = "Écran noir après orage" });

        // Meanwhile, someone else takes the ticket forward.
        await using (var db = ctx.Database.CreateDbContext())
        {
            var version = await db.Tickets.Where(t => t.Id == opened.Id).Select(t => t.Version).SingleAsync();
            version = await ctx.Actions.ChangeStatusAsync(opened.Id, version, "b20", "lea@sav.local");
            await ctx.Actions.EditAsync(opened.Id, version, new TicketEdit
            {
                Subject = "Écran ne s'allume plus", Description = "Le voyant reste orange.", SerialNumber = "SN-LEA",
            }, "lea@sav.local");
        }
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForElement("[data-testid=conflict]");
        Assert.Equal("b20. Diagnostic en cours", page.Find("[data-testid=status]").TextContent.Trim());
        Assert.Equal("Écran noir après orage", page.Find("[data-testid=edit] input").GetAttribute("value"));
        // What the analyst did not touch shows the other analyst's change.
        Assert.Equal("SN-LEA", page.FindAll("[data-testid=edit] input")[1].GetAttribute("value"));
        await using (var db = ctx.Database.CreateDbContext())
            Assert.Equal("Écran ne s'allume plus", await db.Tickets.Where(t => t.Id == opened.Id).Select(t => t.Subject).SingleAsync());

        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Écran noir après orage", page.Find("h1").TextContent));
        Assert.Empty(page.FindAll("[data-testid=conflict]"));
        await using (var db = ctx.Database.CreateDbContext())
        {
            var ticket = await db.Tickets.Include(t => t.Status).SingleAsync(t => t.Id == opened.Id);
            Assert.Equal(("Écran noir après orage", "b20", "SN-LEA"), (ticket.Subject, ticket.Status.Code, ticket.SerialNumber));
        }
    }

    [Fact]
    public async Task Closing_then_reopening_from_the_page()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));

        await page.WaitForElement("[data-testid=close]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("z10. Fermé", page.Find("[data-testid=status]").TextContent.Trim()));
        await page.Find("[data-testid=reopen]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("b10. Action demandée", page.Find("[data-testid=status]").TextContent.Trim()));
    }

    private static async Task<List<string>> TemplatesAsync(BackofficeContext ctx)
    {
        await using var db = ctx.Database.CreateDbContext();
        return await db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Template).ToListAsync();
    }

    [Fact]
    public async Task Closing_tells_the_customer_unless_the_analyst_unticks_the_box()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));

        var box = page.WaitForElement("[data-testid=notify-customer]");
        Assert.Contains("Prévenir le client par e-mail", box.TextContent);
        Assert.True(page.Find("[data-testid=notify-customer] input[type=checkbox]").HasAttribute("checked"));
        await page.Find("[data-testid=notify-customer] input[type=checkbox]").ChangeAsync(new() { Value = false });
        await page.Find("[data-testid=close]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("z10. Fermé", page.Find("[data-testid=status]").TextContent.Trim()));
        Assert.Equal(["OpeningConfirmation"], await TemplatesAsync(ctx));

        // The box is ticked again for the next move, and this time the customer hears of it.
        Assert.True(page.Find("[data-testid=notify-customer] input[type=checkbox]").HasAttribute("checked"));
        await page.Find("[data-testid=reopen]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("b10. Action demandée", page.Find("[data-testid=status]").TextContent.Trim()));
        await page.Find("[data-testid=close]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("z10. Fermé", page.Find("[data-testid=status]").TextContent.Trim()));
        Assert.Equal(["OpeningConfirmation", "ReopeningConfirmation", "ClosingConfirmation"], await TemplatesAsync(ctx));
    }

    [Fact]
    public async Task Without_a_contact_address_there_is_no_one_to_tell_and_no_box()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        await using (var db = ctx.Database.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == opened.Id);
            (ticket.Contact, ticket.ContactId) = (null, null);
            await db.SaveChangesAsync();
        }
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));

        await page.WaitForElement("[data-testid=close]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("z10. Fermé", page.Find("[data-testid=status]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=notify-customer]"));
        Assert.Equal(["OpeningConfirmation"], await TemplatesAsync(ctx));
    }

    [Fact]
    public async Task A_refused_action_is_explained_in_french()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));
        page.WaitForElement("[data-testid=apply-status]");
        await page.Find("[data-testid=actions-open]").ClickAsync(new());
        var select = page.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Label == "Statut");
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("b20"));
        // Meanwhile an admin retires that status.
        await using (var db = ctx.Database.CreateDbContext())
            await db.Statuses.Where(s => s.Code == "b20").ExecuteUpdateAsync(u => u.SetProperty(s => s.Active, false));

        await page.Find("[data-testid=apply-status]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Action impossible : le statut « b20 » n’est plus actif", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.Equal("a10. Nouveau", page.Find("[data-testid=status]").TextContent.Trim());
        // On a phone the sheet stays open, so that the reason shows; an action done closes it.
        Assert.Contains("sheet-open", page.Find("[data-testid=actions-sheet]").ClassList);
        await page.Find("[data-testid=close]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("z10. Fermé", page.Find("[data-testid=status]").TextContent.Trim()));
        Assert.DoesNotContain("sheet-open", page.Find("[data-testid=actions-sheet]").ClassList);
    }
}
