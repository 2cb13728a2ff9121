using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sav.Domain;
using Sav.Domain.Mail.Senders;

namespace Sav.Tests.Domain.Mail.Senders;

public class MailRegistrationTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSavMail();
        return builder.Build();
    }

    [Theory]
    [InlineData("Smtp", "Mail:Smtp:Host must be set when Mail:Sender is Smtp.")]
    [InlineData("Gmail", "Mail:Sender is Gmail: set Google:ServiceAccountJson, or Google:ServiceAccountFile to an existing key file.")]
    public async Task A_sender_without_its_server_or_key_stops_the_host_with_the_setting_to_fix(string sender, string message)
    {
        using var host = Build(new() { ["Mail:Sender"] = sender });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task A_gmail_sender_without_a_mailbox_user_stops_the_host()
    {
        using var host = Build(new() { ["Mail:Sender"] = "Gmail", ["Google:ServiceAccountJson"] = "{}" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Mail:Sender is Gmail: set Google:User to the mailbox to send as.", error.Failures);
    }

    [Theory]
    [InlineData(null, typeof(PickupFolderSender))]
    [InlineData("Smtp", typeof(SmtpMailSender))]
    [InlineData("Gmail", typeof(GmailMailSender))]
    public async Task Mail_sender_chooses_the_provider(string? sender, Type expected)
    {
        using var host = Build(new()
        {
            ["Mail:Sender"] = sender, ["Mail:Smtp:Host"] = "smtp.lumeo.example",
            ["Google:ServiceAccountJson"] = "{}", ["Google:User"] = "sav@lumeo.example",
        });

        await host.StartAsync();

        Assert.IsType(expected, host.Services.GetRequiredService<IMailSender>());
        await host.StopAsync();
    }
}
