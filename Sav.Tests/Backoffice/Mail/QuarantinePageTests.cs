using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Backoffice.Components.Pages.Mail;
using Sav.Domain.Conversations;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Mail;

public class QuarantinePageTests
{
    private static async Task<(BackofficeContext Context, int MailId)> QuarantinedReplyAsync()
    {
        var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        var documents = new DocumentOptions { Folder = ctx.Database.SubFolder("documents") };
        var filer = new MailFiler(ctx.Database, new LocalDocumentStore(Options.Create(documents)), ctx.Domain.Composer, ctx.Clock);
        ctx.Services.AddSingleton(new Quarantine(ctx.Database, filer, Options.Create(documents)));

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Paul Girard", "paul@lycee-colbert.example"));
        message.To.Add(new MailboxAddress("SAV", "sav@lumeo.example"));
        message.Subject = "Photos de l'écran";
        message.MessageId = "photo-1@lycee-colbert.example";
        message.Body = new TextPart("plain") { Text = "Voici la photo de l'écran fêlé." };
        var raw = Path.Combine(ctx.Database.SubFolder("quarantine"), "photo-1.eml");
        await message.WriteToAsync(raw);
        await using var db = ctx.Database.CreateDbContext();
        var row = new InboundMail
        {
            MessageId = message.MessageId, Mailbox = "folder", ReceivedAt = BackofficeContext.Now.AddHours(-2),
            From = "paul@lycee-colbert.example", Subject = message.Subject, Outcome = InboundOutcome.Unmatched, RawPath = raw,
        };
        db.InboundMails.Add(row);
        await db.SaveChangesAsync();
        return (ctx, row.Id);
    }

    [Fact]
    public async Task An_analyst_files_an_unmatched_reply_on_the_ticket_it_belongs_to()
    {
        var (ctx, mailId) = await QuarantinedReplyAsync();
        await using var _ = ctx;
        var opened = await ctx.Domain.Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var page = ctx.Render<QuarantinePage>();

        var row = page.WaitForElement("tr.quarantined-mail");
        Assert.Contains("Photos de l'écran", row.TextContent);
        page.Find($"#code-{mailId}").Input(opened.Code.ToLowerInvariant());
        await page.Find("button.file").ClickAsync(new());

        page.WaitForElement("[data-testid=empty]");
        Assert.Contains(opened.Code, page.Find("[data-testid=outcome]").TextContent);
        await using var db = ctx.Database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Conversation).SingleAsync();
        Assert.Equal("b10", ticket.Status.Code);
        Assert.Contains(ticket.Conversation, e => e.Direction == Direction.FromCustomer && e.Text.Contains("écran fêlé"));
        Assert.Equal(InboundOutcome.Filed, (await db.InboundMails.SingleAsync()).Outcome);
    }

    [Fact]
    public async Task An_unknown_code_is_said_and_the_mail_stays_waiting()
    {
        var (ctx, mailId) = await QuarantinedReplyAsync();
        await using var _ = ctx;
        var page = ctx.Render<QuarantinePage>();

        page.WaitForElement("tr.quarantined-mail");
        page.Find($"#code-{mailId}").Input("ZZZZ");
        await page.Find("button.file").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("ZZZZ", page.Find("[data-testid=outcome]").TextContent));
        Assert.Single(page.FindAll("tr.quarantined-mail"));
    }

    [Fact]
    public async Task A_discarded_mail_leaves_the_list_and_its_raw_copy_is_deleted()
    {
        var (ctx, _) = await QuarantinedReplyAsync();
        await using var __ = ctx;
        var page = ctx.Render<QuarantinePage>();

        page.WaitForElement("tr.quarantined-mail");
        await page.Find("button.discard").ClickAsync(new());

        page.WaitForElement("[data-testid=empty]");
        await using var db = ctx.Database.CreateDbContext();
        var row = await db.InboundMails.SingleAsync();
        Assert.Equal(InboundOutcome.Discarded, row.Outcome);
        Assert.Empty(Directory.GetFiles(ctx.Database.SubFolder("quarantine")));
    }
}
