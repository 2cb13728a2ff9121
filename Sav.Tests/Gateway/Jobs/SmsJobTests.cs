using System.Net;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Sms;
using Sav.Tests.Gateway.Forms;
using Sav.Tests.Servers;

namespace Sav.Tests.Gateway.Jobs;

/// <summary>The gateway's SMS job, with OVH's API as the sender: a ticket opened through the public API with a mobile
/// number is texted its code within a few runs; with <c>Sms:Sender</c> None (the default) there is no job at all.</summary>
public class SmsJobTests
{
    [Fact]
    public async Task A_ticket_opened_with_a_mobile_number_is_texted_by_the_gateway()
    {
        await using var ovh = await OvhServer.StartAsync();
        var settings = ovh.Settings();
        settings["Jobs:SmsEvery"] = "00:00:00.300";
        await using var host = await GatewayHost.StartAsync(settings);
        await using (var db = host.Db()) await db.Brands.ExecuteUpdateAsync(s => s.SetProperty(b => b.SmsEnabled, true));
        // Its first run notes where the tickets stand: the ones before SMS were switched on are not texted.
        await WaitAsync(async () => { await using var db = host.Db(); return await db.Counters.AnyAsync(c => c.Name == SmsNotices.OpeningsCounter); });

        var response = await host.CreateClient().PostAsync("/api/forms/open",
            new FormUrlEncodedContent(Submissions.ValidOpen().With("PHONE", "+33 7 12 34 56 78")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await WaitAsync(() => Task.FromResult(!ovh.Jobs.IsEmpty));
        var job = Assert.Single(ovh.Jobs);
        Assert.Equal("+33712345678", job.GetProperty("receivers")[0].GetString());
        string code;
        await using (var db = host.Db()) code = await db.Tickets.Select(t => t.Code).SingleAsync();
        Assert.Contains($"votre demande {code} est enregistrée", job.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_a_sender_there_is_no_sms_job()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Jobs:SmsEvery"] = "00:00:00.100" });
        await Submissions.OpenAsync(host);
        await Task.Delay(500);

        Assert.Null(host.Services.GetService(typeof(SmsDispatcher)));
        await using var db = host.Db();
        Assert.False(await db.Counters.AnyAsync(c => c.Name == SmsNotices.OpeningsCounter));
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "waited 20 s");
            await Task.Delay(100);
        }
    }
}
