using System.Text;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Data;
using Sav.Domain.Documents;
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
            .Validate(o => Uri.TryCreate(o.PublicFormsUrl, UriKind.Absolute, out _), "Mail:PublicFormsUrl must be an absolute URL.")
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
            default:
                throw new InvalidOperationException($"Mail:Sender {sender} is not available in this version.");
        }
        return builder;
    }
}
