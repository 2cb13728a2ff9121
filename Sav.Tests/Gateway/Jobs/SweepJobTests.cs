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
        await Task.Delay(TimeSpan.FromSeconds(1));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await host.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the gateway took {stopping.Elapsed} to stop");
    }
}
