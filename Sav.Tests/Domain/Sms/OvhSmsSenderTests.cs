using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Sms;
using Sav.Tests.Servers;

namespace Sav.Tests.Domain.Sms;

public class OvhSmsSenderTests
{
    private static IHost Host(IDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSavSms();
        return builder.Build();
    }

    [Fact]
    public async Task A_message_goes_to_ovh_signed_as_it_checks_even_when_this_machine_s_clock_is_an_hour_off()
    {
        await using var ovh = await OvhServer.StartAsync();
        ovh.ClockOffset = TimeSpan.FromHours(1);
        using var host = Host(ovh.Settings());
        var sender = host.Services.GetRequiredService<ISmsSender>();

        var id = await sender.SendAsync(new SmsMessage("+33612345678", "Votre dossier A0K3 est ouvert : https://sav.example.org/s/A0K3"), CancellationToken.None);
        var second = await sender.SendAsync(new SmsMessage("+33712345678", "Une question sur votre dossier A0K3."), CancellationToken.None);

        Assert.NotEqual(id, second);
        Assert.Equal(2, ovh.Jobs.Count);
        var job = ovh.Jobs.First();
        Assert.Equal("+33612345678", job.GetProperty("receivers")[0].GetString());
        Assert.Equal("LUMEO SAV", job.GetProperty("sender").GetString());
        Assert.Contains("A0K3 est ouvert", job.GetProperty("message").GetString());
        // Never without the STOP mention the law asks of such messages.
        Assert.False(job.GetProperty("noStopClause").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_ovh_and_said_plainly()
    {
        await using var ovh = await OvhServer.StartAsync();
        using var host = Host(ovh.Settings(secret: "not-the-secret"));

        var refused = await Assert.ThrowsAsync<SmsException>(() =>
            host.Services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+33612345678", "Bonjour"), CancellationToken.None));

        Assert.Contains("OVH refused the request (400)", refused.Message);
        Assert.Contains("Invalid signature", refused.Message);
        Assert.Empty(ovh.Jobs);
    }

    [Fact]
    public void Without_a_sender_none_is_registered_and_ovh_without_its_keys_stops_the_host_naming_them()
    {
        using (var off = Host(new Dictionary<string, string?>())) Assert.Null(off.Services.GetService<ISmsSender>());
        using var broken = Host(new Dictionary<string, string?> { ["Sms:Sender"] = "Ovh" });
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            broken.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsOptions>>().Value);
        Assert.Contains("Sms:Ovh:Endpoint, ApplicationKey, ApplicationSecret, ConsumerKey, ServiceName and SenderName", error.Message);
    }

    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("07.12.34.56.78", "+33712345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "+33612345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData("04 72 10 20 30", null)]
    [InlineData("+44 7700 900123", null)]
    [InlineData("06 12 34 56", null)]
    [InlineData("06 12 34 56 78 ; DROP", null)]
    [InlineData("06+12345678", null)]
    [InlineData("", null)]
    public void French_mobile_numbers_are_written_as_E164_and_anything_else_is_not_texted(string typed, string? expected) =>
        Assert.Equal(expected, PhoneNumbers.FrenchMobile(typed));
}
