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
        builder.AddSavCustomerRequests();
        builder.Services.AddSingleton<TicketActions>();
        builder.AddSavMail();
        builder.AddSavDocuments();
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
            default:
                throw new InvalidOperationException($"Documents:Store {store} is not available in this version.");
        }
        return builder;
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
                builder.Services.AddOptions<GoogleOptions>().BindConfiguration(GoogleOptions.Section)
                    .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceAccountJson) || File.Exists(o.ServiceAccountFile),
                        "Mail:Sender is Gmail: set Google:ServiceAccountJson, or Google:ServiceAccountFile to an existing key file.")
                    .Validate(o => !string.IsNullOrWhiteSpace(o.User), "Mail:Sender is Gmail: set Google:User to the mailbox to send as.")
                    .Validate(o => Uri.TryCreate(o.GmailBaseUrl, UriKind.Absolute, out _), "Google:GmailBaseUrl must be an absolute URL.")
                    .ValidateOnStart();
                builder.Services.TryAddSingleton<GoogleClients>();
                builder.Services.AddSingleton<IMailSender, GmailMailSender>();
                break;
        }
        return builder;
    }
}
