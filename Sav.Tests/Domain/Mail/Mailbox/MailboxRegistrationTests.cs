using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sav.Domain;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class MailboxRegistrationTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Sav:ContextSecret", "a-production-secret-0123456789"),
            .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))]);
        builder.AddSavDomain();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void By_default_the_sweep_reads_a_folder_and_stores_documents_locally()
    {
        using var services = Services();
        Assert.IsType<FolderMailboxReader>(services.GetRequiredService<IMailboxReader>());
        Assert.IsType<LocalDocumentStore>(services.GetRequiredService<IDocumentStore>());
        Assert.NotNull(services.GetRequiredService<MailboxSweeper>());
        Assert.NotNull(services.GetRequiredService<Quarantine>());
    }

    [Fact]
    public void The_settings_choose_IMAP_or_Gmail_and_Google_Drive()
    {
        using (var imap = Services(("Mailbox:Reader", "Imap"), ("Mailbox:Imap:Host", "imap.example"), ("Mailbox:Imap:User", "sav")))
            Assert.IsType<ImapMailboxReader>(imap.GetRequiredService<IMailboxReader>());
        using var google = Services(("Mailbox:Reader", "Gmail"), ("Documents:Store", "GoogleDrive"), ("Documents:DriveRootFolderId", "root-1"),
            ("Google:User", "sav@lumeo.example"));
        Assert.IsType<GmailMailboxReader>(google.GetRequiredService<IMailboxReader>());
        Assert.IsType<GoogleDriveStore>(google.GetRequiredService<IDocumentStore>());
        Assert.NotNull(google.GetRequiredService<MailboxSweeper>());
    }

    [Fact]
    public void A_missing_setting_stops_the_host_with_the_setting_to_fix()
    {
        using var imap = Services(("Mailbox:Reader", "Imap"));
        var error = Assert.Throws<OptionsValidationException>(() => imap.GetRequiredService<IOptions<MailboxOptions>>().Value);
        Assert.Contains("Mailbox:Imap:Host", error.Message);
        using var drive = Services(("Documents:Store", "GoogleDrive"));
        var driveError = Assert.Throws<OptionsValidationException>(() => drive.GetRequiredService<IOptions<DocumentOptions>>().Value);
        Assert.Contains("Documents:DriveRootFolderId", driveError.Message);
    }
}
