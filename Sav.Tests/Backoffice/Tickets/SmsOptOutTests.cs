using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Sms;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Tickets;

/// <summary>A customer asks on the phone for no more text messages: the analyst records it from the ticket page; what was
/// waiting for the number is not sent, and nothing more is written for it.</summary>
public class SmsOptOutTests
{
    [Fact]
    public async Task An_analyst_records_that_a_number_wants_no_more_text_messages()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        var notices = new SmsNotices(Options.Create(new SmsOptions { Sender = SmsSenderKind.Log }), ctx.Domain.Composer, ctx.Domain.Contexts, ctx.Clock);
        ctx.Services.AddSingleton(notices);
        await ctx.SignInAsync();
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest() with { Phone = "06 12 34 56 78" }, "test");
        await using (var db = ctx.Database.CreateDbContext())
        {
            await db.Brands.ExecuteUpdateAsync(s => s.SetProperty(b => b.SmsEnabled, true));
            db.SmsOutbox.Add(new SmsOutboxMessage { TicketId = opened.Id, Recipient = "+33612345678", Text = "…", State = SmsState.Pending,
                CreatedAt = ctx.Clock.GetUtcNow(), NextAttemptAt = ctx.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<TicketPage>(p => p.Add(x => x.Code, opened.Code));
        await page.WaitForElement("[data-testid=sms-opt-out]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Ce numéro ne reçoit plus de SMS.", page.Find("[data-testid=sms-opted-out]").TextContent.Trim()));
        await using var check = ctx.Database.CreateDbContext();
        Assert.Equal("Analyst", (await check.SmsOptOuts.SingleAsync(o => o.Number == "+33612345678")).Source);
        Assert.Equal((SmsState.Skipped, "STOP"), await check.SmsOutbox.Select(m => ValueTuple.Create(m.State, m.Error)).SingleAsync());
        Assert.True(await check.AuditEntries.AnyAsync(a => a.TicketId == opened.Id && a.Field == "Sms" && a.After == "OptOut"));
        var ticket = await check.Tickets.Include(t => t.Brand).Include(t => t.Contact).SingleAsync(t => t.Id == opened.Id);
        await notices.QuestionAsync(check, ticket, CancellationToken.None);
        Assert.Empty(check.ChangeTracker.Entries<SmsOutboxMessage>());
    }
}
