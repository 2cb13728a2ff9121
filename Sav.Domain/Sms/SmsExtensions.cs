using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Sms;

/// <summary>Writes the message to the log instead of sending it: for development.</summary>
public sealed class LogSmsSender(ILogger<LogSmsSender> logger) : ISmsSender
{
    public Task<string> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("SMS to {To}: {Text}", message.To, message.Text);
        return Task.FromResult($"log-{Guid.NewGuid():N}");
    }

    public Task<IReadOnlyList<string>> OptedOutAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
}

public static class SmsExtensions
{
    /// <summary>The SMS sender <c>Sms:Sender</c> names; none when it is None (the default).</summary>
    public static IHostApplicationBuilder AddSavSms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => o.Sender != SmsSenderKind.Ovh || (Uri.TryCreate(o.Ovh.Endpoint, UriKind.Absolute, out _)
                && new[] { o.Ovh.ApplicationKey, o.Ovh.ApplicationSecret, o.Ovh.ConsumerKey, o.Ovh.ServiceName, o.Ovh.SenderName }.All(v => v.Length > 0)),
                "Sms:Ovh:Endpoint, ApplicationKey, ApplicationSecret, ConsumerKey, ServiceName and SenderName must be set when Sms:Sender is Ovh.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SmsNotices>();
        if (builder.Configuration.GetValue(SmsOptions.Section + ":Sender", SmsSenderKind.None) != SmsSenderKind.None)
            builder.Services.AddSingleton<SmsDispatcher>();
        switch (builder.Configuration.GetValue(SmsOptions.Section + ":Sender", SmsSenderKind.None))
        {
            case SmsSenderKind.Log:
                builder.Services.AddSingleton<ISmsSender, LogSmsSender>();
                break;
            case SmsSenderKind.Ovh:
                builder.Services.TryAddSingleton(TimeProvider.System);
                builder.Services.AddHttpClient<ISmsSender, OvhSmsSender>(c => c.Timeout = TimeSpan.FromSeconds(30));
                break;
        }
        return builder;
    }
}
