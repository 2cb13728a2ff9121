using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Domain.Mail.Health;
using Sav.Domain.Mail.Mailbox;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Mail;

/// <summary>« Santé des mails » in Chromium on a desk and on a phone, with a failing sweep, a message set aside and
/// bounces; the pictures stay in the test output's screenshots/.</summary>
[Collection(ChromiumCollection.Name)]
public class MailHealthScreenshotsTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_mail_health_page_shows_the_failing_sweep_what_it_set_aside_and_the_bounces_without_scrolling_sideways(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.CreateDbContext())
        {
            db.MailJobRuns.Add(new MailJobRun
            {
                Job = MailJob.Sweep, LastSucceededAt = now.AddMinutes(-12), LastFailedAt = now.AddMinutes(-1),
                LastError = "SocketException: Connection refused (imap.example.com:993)",
            });
            db.MailJobRuns.Add(new MailJobRun { Job = MailJob.Outbox, LastSucceededAt = now.AddSeconds(-20) });
            db.InboundMails.Add(new InboundMail
            {
                MessageId = "poison@outlook.example", Mailbox = "imap", ReceivedAt = now.AddMinutes(-30), From = "Microsoft Outlook <postmaster@outlook.example>",
                Subject = "Non remis : Ticket N° 1042#K9F2Q# - Écran noir", Outcome = InboundOutcome.Rejected,
                Error = "Message impossible à traiter (lecture) : NotSupportedException : No data is available for encoding 65000.",
            });
            db.InboundMails.Add(new InboundMail
            {
                MessageId = "forged@x", Mailbox = "imap", ReceivedAt = now.AddMinutes(-3), From = "<>", Outcome = InboundOutcome.IgnoredAutoReply,
                BounceVerified = false, BounceRecipient = "marie.durand@college-pasteur.example", BounceReason = "550 5.1.1 user unknown",
            });
            db.InboundMails.Add(new InboundMail
            {
                MessageId = "real@x", Mailbox = "imap", ReceivedAt = now.AddMinutes(-8), From = "MAILER-DAEMON@mx.ecole-ferry.example",
                Outcome = InboundOutcome.IgnoredAutoReply, BounceVerified = true, BounceRecipient = "paul.martin@ecole-ferry.example",
                BounceReason = "552 5.2.2 <paul.martin@ecole-ferry.example>: mailbox full",
            });
            await db.SaveChangesAsync();
        }
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/mail");
        var page = browser.Page;
        await page.GotoAsync("/mail");

        await Assertions.Expect(page.GetByTestId("job-sweep")).ToContainTextAsync("Dernier échec il y a une minute");
        await Assertions.Expect(page.Locator("tr.rejected-mail")).ToContainTextAsync("NotSupportedException");
        await Assertions.Expect(page.Locator("tr.bounce.unverified")).ToContainTextAsync("non vérifié");
        await browser.ScreenshotAsync("mail-health");
        Assert.True(await browser.FitsWidthAsync(), "the page scrolls sideways");
    }
}
