using Bunit;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Pages.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Mail;

public class MailHealthPageTests
{
    [Fact]
    public async Task A_failed_mail_is_listed_with_its_error_and_can_be_resent()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest("paul@example.org"), "test");
        await using (var db = ctx.Database.CreateDbContext())
        {
            var mail = await db.OutboxMessages.SingleAsync(m => m.Ticket!.Code == opened.Code);
            (mail.State, mail.Attempts, mail.LastError) = (OutboxState.Failed, 8, "550 5.1.1 mailbox unavailable");
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<MailHealthPage>();

        var row = page.WaitForElement("tr.failed-mail");
        Assert.Single(page.FindAll("tr.failed-mail"));
        Assert.Contains(opened.Code, row.TextContent);
        Assert.Contains("marie.durand@college-pasteur.example", row.TextContent);
        Assert.Contains("550 5.1.1 mailbox unavailable", row.TextContent);

        await row.QuerySelector("button")!.ClickAsync(new());

        page.WaitForElement("[data-testid=all-good]");
        Assert.Contains("marie.durand@college-pasteur.example", page.Find("[data-testid=resent]").TextContent);
        await using (var db = ctx.Database.CreateDbContext())
        {
            var mail = await db.OutboxMessages.SingleAsync(m => m.Ticket!.Code == opened.Code);
            Assert.Equal((OutboxState.Pending, 0, "550 5.1.1 mailbox unavailable", BackofficeContext.Now),
                (mail.State, mail.Attempts, mail.LastError, mail.NextAttemptAt));
        }
    }
}
