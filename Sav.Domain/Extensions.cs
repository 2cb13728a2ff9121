using System.Text;
using FluentValidation;
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
using Sav.Domain.Tickets;

namespace Sav.Domain;

public static class Extensions
{
    /// <summary>Everything both hosts share: data, the ticket rules, mail composition and sending.</summary>
    public static IHostApplicationBuilder AddSavDomain(this IHostApplicationBuilder builder)
    {
        // MimeKit needs the legacy code pages for old charsets and TNEF.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        builder.AddSavData();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SavOptions>().BindConfiguration(SavOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ContextSecret) && o.ContextSecret.Length >= 16,
                "Sav:ContextSecret must be at least 16 characters.")
            .Validate(o => builder.Environment.IsDevelopment() || o.ContextSecret != SavOptions.DevelopmentSecret,
                "Sav:ContextSecret must be set outside the Development environment (environment variable Sav__ContextSecret).")
            .ValidateOnStart();
        builder.Services.AddSingleton<TicketContexts>();
        builder.Services.AddValidatorsFromAssemblyContaining<OpenTicketValidator>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<TicketOpener>();
        builder.AddSavMail();
        builder.AddSavDocuments();
        builder.AddSavMailbox();
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
        builder.Services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section)
            .Validate(o => o.MaxMessageBytes > 0 && o.BatchSize > 0 && o.Parallelism > 0 && o.MessageBudget > TimeSpan.Zero && o.PollEvery > TimeSpan.Zero,
                "Mailbox:MaxMessageBytes, BatchSize, Parallelism, MessageBudget and PollEvery must be positive.")
            .Validate(o => o.Reader != ReaderKind.Imap || !string.IsNullOrWhiteSpace(o.Imap.Host) && !string.IsNullOrWhiteSpace(o.Imap.User),
                "Mailbox:Imap:Host and Mailbox:Imap:User must be set when Mailbox:Reader is Imap.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ReplyMatcher>();
        builder.Services.AddSingleton<MailFiler>();
        builder.Services.AddSingleton<MailboxSweeper>();
        builder.Services.AddSingleton<Quarantine>();
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

    private static void AddGoogleClients(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GoogleOptions>().BindConfiguration(GoogleOptions.Section);
        builder.Services.TryAddSingleton<GoogleClients>();
    }

    public static IHostApplicationBuilder AddSavMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section)
            .Validate(o => o.PerMinute > 0 && o.PerDay > 0 && o.MaxMessageBytes > 0, "Mail quotas must be positive.")
            .Validate(o => Uri.TryCreate(o.PublicFormsUrl, UriKind.Absolute, out _), "Mail:PublicFormsUrl must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        var sender = builder.Configuration.GetValue(MailOptions.Section + ":Sender", SenderKind.Pickup);
        switch (sender)
        {
            case SenderKind.Pickup:
                builder.Services.AddSingleton<IMailSender, PickupFolderSender>();
                break;
            default:
                throw new InvalidOperationException($"Mail:Sender {sender} is not available in this version.");
        }
        return builder;
    }
}
