using System.Text;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Data;
using Sav.Domain.Documents;
using Sav.Domain.Google;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Senders;
using Sav.Domain.Text;
using Sav.Domain.Reports;
using Sav.Domain.Sms;
using Sav.Domain.Tickets;

namespace Sav.Domain;

public static class Extensions
{
    /// <summary>Everything both hosts share: data, the ticket rules, mail composition and sending.</summary>
    /// <param name="memoryMap">How much of a SQLite file the host maps unless <c>Database:MemoryMapSize</c> says.</param>
    public static IHostApplicationBuilder AddSavDomain(this IHostApplicationBuilder builder, long memoryMap = Data.SqlitePragmas.DefaultMemoryMap)
    {
        // MimeKit needs the legacy code pages for old charsets and TNEF.
        CodePages.Register();

        builder.AddSavData(memoryMap);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SavOptions>().BindConfiguration(SavOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ContextSecret) && o.ContextSecret.Length >= 16,
                "Sav:ContextSecret must be at least 16 characters.")
            .Validate(o => builder.Environment.IsDevelopment() || o.ContextSecret != SavOptions.DevelopmentSecret,
                "Sav:ContextSecret must be set outside the Development environment (environment variable Sav__ContextSecret).")
            .Validate(o => TeamTime.TryFind(o.TimeZone) is not null, "Sav:TimeZone must be a time zone id such as Europe/Paris.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TicketContexts>();
        builder.Services.AddSingleton<Security.KeyRingStore>();
        builder.Services.AddValidatorsFromAssemblyContaining<OpenTicketValidator>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<TicketOpener>();
        builder.AddSavCustomerRequests();
        builder.Services.AddSingleton<TicketActions>();
        builder.Services.AddSingleton<Satisfaction.Survey>();
        builder.Services.AddSingleton<TicketMerge>();
        builder.Services.AddSingleton<Sla.SlaBoard>();
        builder.Services.AddSingleton<TeamTime>();
        builder.Services.AddSingleton<Reports.ReportQueries>();
        builder.Services.AddSingleton<Dashboard.DashboardQuery>();
        var manyMatches = builder.Configuration.GetValue("Search:ManyMatches", 10_000);
        builder.Services.AddSingleton(sp => new Search.TicketSearch(sp.GetRequiredService<IDbContextFactory<Data.SavDbContext>>(), sp.GetRequiredService<TeamTime>())
            { ManyMatches = Math.Max(1, manyMatches) });
        builder.AddSavMail();
        builder.AddSavDocuments();
        builder.AddSavMailbox();
        builder.AddSavSms();
        return builder;
    }

    /// <summary>The weekly report's settings (<c>Reports</c>), checked at start, and the service that queues it.</summary>
    public static IHostApplicationBuilder AddSavWeeklyReport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<Reports.Weekly.WeeklyReportOptions>().BindConfiguration(Reports.Weekly.WeeklyReportOptions.Section)
            .Validate(o => o.Invalid().Count == 0, "Reports:WeeklyTo must hold mail addresses only (name@example.org, separated by commas or semicolons).")
            .Validate(o => o.WeeklyLanguage is "fr" or "en", "Reports:WeeklyLanguage must be fr or en.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Reports.Weekly.WeeklyReport>();
        return builder;
    }

    public static IHostApplicationBuilder AddSavDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section)
            .Validate(o => o.MaxBytes > 0, "Documents:MaxBytes must be positive.").ValidateOnStart();
        var store = builder.Configuration.GetValue(DocumentOptions.Section + ":Store", DocumentStoreKind.Local);
        switch (store)
        {
            case DocumentStoreKind.Local:
                builder.Services.AddSingleton<IDocumentStore, LocalDocumentStore>();
                break;
            case DocumentStoreKind.GoogleDrive:
                builder.AddGoogleClients();
                builder.Services.AddOptions<DocumentOptions>()
                    .Validate(o => !string.IsNullOrWhiteSpace(o.DriveRootFolderId), "Documents:DriveRootFolderId must be set when Documents:Store is GoogleDrive.");
                builder.Services.AddSingleton<IDocumentStore, GoogleDriveStore>();
                break;
            default:
                throw new InvalidOperationException($"Documents:Store {store} is not available in this version.");
        }
        return builder;
    }

    /// <summary>The mailbox sweep: the reader chosen by Mailbox:Reader, matching, filing and the quarantine.</summary>
    public static IHostApplicationBuilder AddSavMailbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Mail.Health.MailJobMonitor>();
        builder.Services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section)
            .Validate(o => o.MaxMessageBytes > 0 && o.BatchSize > 0 && o.Parallelism > 0 && o.FileTogether > 0 && o.MessageBudget > TimeSpan.Zero && o.PollEvery > TimeSpan.Zero,
                "Mailbox:MaxMessageBytes, BatchSize, Parallelism, FileTogether, MessageBudget and PollEvery must be positive.")
            .Validate(o => o.Reader != ReaderKind.Imap || !string.IsNullOrWhiteSpace(o.Imap.Host) && !string.IsNullOrWhiteSpace(o.Imap.User),
                "Mailbox:Imap:Host and Mailbox:Imap:User must be set when Mailbox:Reader is Imap.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ReplyMatcher>();
        builder.Services.AddSingleton<MailFiler>();
        builder.Services.AddSingleton<MailboxSweeper>();
        builder.Services.AddSingleton<Quarantine>();
        builder.Services.AddSingleton<RejectedMails>();
        var reader = builder.Configuration.GetValue(MailboxOptions.Section + ":Reader", ReaderKind.Folder);
        switch (reader)
        {
            case ReaderKind.Folder:
                builder.Services.AddSingleton<IMailboxReader, FolderMailboxReader>();
                break;
            case ReaderKind.Imap:
                builder.Services.AddSingleton<IMailboxReader, ImapMailboxReader>();
                break;
            case ReaderKind.Gmail:
                builder.AddGoogleClients();
                builder.Services.AddSingleton<IMailboxReader, GmailMailboxReader>();
                break;
        }
        return builder;
    }

    /// <summary>The one place Google's authenticated clients are registered (Drive, Gmail reading, Gmail sending).</summary>
    private static Microsoft.Extensions.Options.OptionsBuilder<GoogleOptions> AddGoogleClients(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<GoogleClients>();
        return builder.Services.AddOptions<GoogleOptions>().BindConfiguration(GoogleOptions.Section);
    }

    public static IHostApplicationBuilder AddSavMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section)
            .Validate(o => o.PerMinute > 0 && o.PerDay > 0 && o.MaxMessageBytes > 0, "Mail quotas must be positive.")
            .Validate(o => o.MaxAttempts > 0 && o.BatchSize > 0, "Mail:MaxAttempts and Mail:BatchSize must be positive.")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay && o.ClaimLease > TimeSpan.Zero,
                "Mail:FirstRetryDelay and Mail:ClaimLease must be positive, Mail:MaxRetryDelay at least Mail:FirstRetryDelay.")
            .Validate(o => Uri.TryCreate(o.PublicFormsUrl, UriKind.Absolute, out _), "Mail:PublicFormsUrl must be an absolute URL.")
            .Validate(o => o.Sender != SenderKind.Smtp || !string.IsNullOrWhiteSpace(o.Smtp.Host),
                "Mail:Smtp:Host must be set when Mail:Sender is Smtp.")
            .Validate(o => o.Sender != SenderKind.Smtp || (o.Smtp.Port is > 0 and < 65536 && o.Smtp.Timeout > TimeSpan.Zero),
                "Mail:Smtp:Port must be a TCP port and Mail:Smtp:Timeout positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<OutboxAdmin>();
        var sender = builder.Configuration.GetValue(MailOptions.Section + ":Sender", SenderKind.Pickup);
        switch (sender)
        {
            case SenderKind.Pickup:
                builder.Services.AddSingleton<IMailSender, PickupFolderSender>();
                break;
            case SenderKind.Smtp:
                builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
                break;
            case SenderKind.Gmail:
                builder.AddGoogleClients()
                    .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceAccountJson) || File.Exists(o.ServiceAccountFile),
                        "Mail:Sender is Gmail: set Google:ServiceAccountJson, or Google:ServiceAccountFile to an existing key file.")
                    .Validate(o => !string.IsNullOrWhiteSpace(o.User), "Mail:Sender is Gmail: set Google:User to the mailbox to send as.")
                    .Validate(o => Uri.TryCreate(o.GmailBaseUrl, UriKind.Absolute, out _), "Google:GmailBaseUrl must be an absolute URL.")
                    .ValidateOnStart();
                builder.Services.AddSingleton<IMailSender, GmailMailSender>();
                break;
        }
        return builder;
    }
}
