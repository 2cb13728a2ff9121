using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Conversations;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Jobs;

public class SweepJobTests
{
    [Fact]
    public async Task A_reply_dropped_in_the_mailbox_is_filed_on_its_ticket_by_the_scheduled_sweep()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:SweepEvery"] = "00:00:00.300",
        });
        var opened = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();
        var reply = new MimeMessage
        {
            Subject = $"RE: Ticket N° {context}# - Écran ne s'allume plus",
            MessageId = "reply-1@college-pasteur.example",
            Body = new TextPart("plain") { Text = "Voici le numéro de série : SN-4242." },
        };
        reply.From.Add(new MailboxAddress("Marie Durand", "marie.durand@college-pasteur.example"));
        reply.To.Add(new MailboxAddress("SAV", "sav@example.com"));
        await reply.WriteToAsync(Path.Combine(host.MailboxFolder, "reply.eml"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        ConversationEntry? filed = null;
        while (filed is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await using var db = host.Db();
            filed = await db.ConversationEntries.FirstOrDefaultAsync(e => e.Text.Contains("SN-4242"));
        }

        Assert.NotNull(filed);
        Assert.Equal(Direction.FromCustomer, filed.Direction);
    }

    [Fact]
    public async Task A_stopping_gateway_does_not_wait_for_the_mailbox_watch_to_end()
    {
        var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:SweepEvery"] = "00:00:00.100",
            ["Mailbox:WatchFor"] = "00:10:00",
        });
        // Once a sweep has completed, the job watches the mailbox for ten minutes.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var health = "";
        while (!health.Contains("Mailbox sweep: last run completed") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            health = await (await host.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync();
        }
        Assert.Contains("Mailbox sweep: last run completed", health);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await host.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the gateway took {stopping.Elapsed} to stop");
    }

    [Fact]
    public async Task Health_says_the_sweep_is_degraded_and_why_when_its_runs_fail_and_the_reply_waits_in_the_mailbox()
    {
        // The document store cannot write (its folder would be inside a file): every run that meets a photo fails.
        var notAFolder = Path.GetTempFileName();
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:SweepEvery"] = "00:00:00.200",
            ["Documents:Folder"] = Path.Combine(notAFolder, "documents"),
        });
        var opened = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();
        var reply = new MimeMessage
        {
            Subject = $"RE: Ticket N° {context}# - Écran ne s'allume plus",
            MessageId = "reply-photo@college-pasteur.example",
            Body = new Multipart("mixed")
            {
                new TextPart("plain") { Text = "La photo." },
                new MimePart("image", "jpeg") { FileName = "photo.jpg", Content = new MimeContent(new MemoryStream(new byte[20_000])), ContentTransferEncoding = ContentEncoding.Base64 },
            },
        };
        reply.From.Add(new MailboxAddress("Marie Durand", "marie.durand@college-pasteur.example"));
        await reply.WriteToAsync(Path.Combine(host.MailboxFolder, "reply.eml"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string health = "";
        while (!health.Contains("the last run failed") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            health = await (await host.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync();
        }

        using var json = System.Text.Json.JsonDocument.Parse(health);
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var mail = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "mail");
        Assert.Contains("Mailbox sweep: the last run failed", mail.GetProperty("description").GetString());
        Assert.True(File.Exists(Path.Combine(host.MailboxFolder, "reply.eml")), "the reply stays in the mailbox for the next run");
        // The gateway knows of the failure before its row is written for « Santé des mails »: wait for the row.
        string? recorded = null;
        while (recorded is null && DateTime.UtcNow < deadline)
        {
            await using var db = host.Db();
            recorded = (await db.MailJobRuns.SingleOrDefaultAsync(r => r.Job == Sav.Domain.Mail.Health.MailJob.Sweep))?.LastError;
            if (recorded is null) await Task.Delay(100);
        }
        Assert.Contains(notAFolder, recorded);
        File.Delete(notAFolder);
    }

    [Fact]
    public async Task A_message_set_aside_leaves_the_gateway_healthy_and_health_says_so()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:SweepEvery"] = "00:00:00.200",
            ["Mailbox:MaxMessageBytes"] = "4000",
        });
        var big = new MimeMessage { Subject = "Trop gros", MessageId = "big@x.example", Body = new TextPart("plain") { Text = new string('x', 10_000) } };
        big.From.Add(new MailboxAddress("Robot", "robot@x.example"));
        await big.WriteToAsync(Path.Combine(host.MailboxFolder, "big.eml"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string health = "";
        while (!health.Contains("set aside") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            health = await (await host.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync();
        }

        using var json = System.Text.Json.JsonDocument.Parse(health);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var mail = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "mail");
        Assert.Contains("1 message(s) set aside by the sweep in the last 24 hours.", mail.GetProperty("description").GetString());
    }
}
