using Bunit;
using Sav.Backoffice.Components.Pages.Mail;
using Sav.Domain.Mail.Health;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Backoffice.Mail;

public class MailboxStateTests
{
    [Fact]
    public async Task The_page_says_when_the_sweep_last_worked_why_it_failed_since_and_what_it_set_aside()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        await using (var db = ctx.Database.CreateDbContext())
        {
            db.MailJobRuns.Add(new MailJobRun
            {
                Job = MailJob.Sweep, LastSucceededAt = BackofficeContext.Now.AddMinutes(-20), LastFailedAt = BackofficeContext.Now.AddMinutes(-2),
                LastError = "SocketException: Connection refused",
            });
            db.MailJobRuns.Add(new MailJobRun { Job = MailJob.Outbox, LastSucceededAt = BackofficeContext.Now.AddSeconds(-30) });
            db.InboundMails.Add(new InboundMail
            {
                MessageId = "poison@x", Mailbox = "folder", ReceivedAt = BackofficeContext.Now.AddMinutes(-5), From = "robot@x.example",
                Subject = "Rapport", Outcome = InboundOutcome.Rejected, Error = "Message impossible à traiter (lecture) : NullReferenceException : boom",
            });
            db.InboundMails.Add(new InboundMail { MessageId = "lost@x", Mailbox = "folder", ReceivedAt = BackofficeContext.Now, Outcome = InboundOutcome.Unmatched });
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<MailHealthPage>();

        var sweep = page.WaitForElement("[data-testid=job-sweep]");
        Assert.Contains("Relève de la boîte aux lettres", sweep.TextContent);
        Assert.Contains("dernier passage réussi il y a 20 minutes", sweep.TextContent);
        Assert.Contains("Dernier échec il y a 2 minutes : SocketException: Connection refused", sweep.TextContent);
        Assert.Contains("mud-alert-text-error", sweep.ClassName);
        Assert.Contains("mud-alert-text-success", page.Find("[data-testid=job-outbox]").ClassName);
        var setAside = page.Find("[data-testid=set-aside]").TextContent;
        Assert.Contains("impossibles à traiter : 1", setAside);
        Assert.Contains("reçus non classés : 1", setAside);
        var row = page.Find("tr.rejected-mail");
        Assert.Contains("NullReferenceException : boom", row.TextContent);
        Assert.Contains("robot@x.example", row.TextContent);

        await row.QuerySelector("button.delete")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("tr.rejected-mail")));
        Assert.Equal("Le message a été supprimé.", page.Find("[data-testid=rejected-outcome]").TextContent.Trim());
    }

    [Fact]
    public async Task Bounces_are_listed_with_their_recipient_and_reason_the_unproven_ones_marked_unverified()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        await using (var db = ctx.Database.CreateDbContext())
        {
            db.InboundMails.Add(new InboundMail
            {
                MessageId = "forged@x", Mailbox = "folder", ReceivedAt = BackofficeContext.Now.AddMinutes(-3), From = "<>", Outcome = InboundOutcome.IgnoredAutoReply,
                BounceVerified = false, BounceRecipient = "marie.durand@college-pasteur.example", BounceReason = "550 5.1.1 user unknown",
            });
            db.InboundMails.Add(new InboundMail
            {
                MessageId = "real@x", Mailbox = "folder", ReceivedAt = BackofficeContext.Now.AddMinutes(-1), From = "MAILER-DAEMON@mx.example",
                Outcome = InboundOutcome.IgnoredAutoReply, BounceVerified = true, BounceRecipient = "paul@ecole.example", BounceReason = "552 5.2.2 mailbox full",
            });
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<MailHealthPage>();

        page.WaitForElement("tr.bounce");
        var unverified = page.Find("tr.bounce.unverified").TextContent;
        Assert.Contains("marie.durand@college-pasteur.example", unverified);
        Assert.Contains("550 5.1.1 user unknown", unverified);
        Assert.Contains("non vérifié", unverified);
        var verified = page.Find("tr.bounce.verified").TextContent;
        Assert.Contains("paul@ecole.example", verified);
        Assert.DoesNotContain("non vérifié", verified);
    }
}
