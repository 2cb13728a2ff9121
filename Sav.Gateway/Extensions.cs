using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Quartz;
using Sav.Domain.Journal;
using Sav.Gateway.Forms;
using Sav.Gateway.Jobs;
using Sav.Gateway.Protection;
using Sav.Hosting;

namespace Sav.Gateway;

public static class Extensions
{
    /// <summary>Keys (the API's, and the key ring shared with the other gateways), size and rate limits, problem answers, structured logs and the health check.</summary>
    public static IHostApplicationBuilder AddGatewayProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.MaxFieldsBytes > 0 && o.MaxUploadBytes >= o.MaxFieldsBytes,
                "Gateway:MaxFieldsBytes must be positive and Gateway:MaxUploadBytes at least as large.")
            .Validate(o => o.RateLimit.PerAddressPerMinute > 0 && o.RateLimit.PerContextPerMinute > 0,
                "Gateway:RateLimit:PerAddressPerMinute and PerContextPerMinute must be positive.")
            .Validate(o => o.ForwardedHeaders.IsValid(),
                "Gateway:ForwardedHeaders:KnownProxies must hold IP addresses and KnownNetworks CIDR ranges (10.0.0.0/24).")
            .ValidateOnStart();
        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = gateway.MaxUploadBytes);
        builder.AddSharedKeyRing("Sav.Gateway");
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<RateLimits>();
        builder.Services.AddRateLimiter(limiter => RateLimits.AddPolicies(limiter, gateway));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemAnswers>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealth>("database").AddCheck<MailJobsHealth>("mail");
        if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        return builder;
    }

    /// <summary>The form API and the public pages.</summary>
    public static IHostApplicationBuilder AddGatewayForms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FormSubmissions>();
        // The public pages are Razor components rendered as plain HTML; accents and « » are written as they are.
        builder.Services.AddRazorComponents();
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Behind a proxy that terminates HTTPS (see ForwardedHeaders), the form's cookie is marked Secure.
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>The journal that keeps submissions while the database is away (<see cref="JournalOptions"/>), and its job.</summary>
    public static IHostApplicationBuilder AddGatewayJournal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Folder) && o.Numbers > 0 && o.ReplayEvery > TimeSpan.Zero,
                "Gateway:Journal:Folder must be set, Gateway:Journal:Numbers and ReplayEvery positive.").ValidateOnStart();
        var root = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(sp => SubmissionJournal.Open(
            Path.GetFullPath(sp.GetRequiredService<IOptions<JournalOptions>>().Value.Folder, root)));
        builder.Services.AddSingleton<OutageJournal>();
        builder.Services.AddHostedService<JournalJob>();
        return builder;
    }

    /// <summary>The scheduled jobs: the outbox dispatcher and the mailbox sweep.</summary>
    public static IHostApplicationBuilder AddGatewayJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section)
            .Validate(o => o.OutboxEvery > TimeSpan.Zero && o.SweepEvery > TimeSpan.Zero && o.SmsEvery > TimeSpan.Zero,
                "Jobs:OutboxEvery, Jobs:SweepEvery and Jobs:SmsEvery must be positive.").ValidateOnStart();
        builder.Services.AddQuartz(q =>
        {
            // Clustered on PostgreSQL: the sweep (and its IMAP IDLE) and the dispatcher run on one gateway at a time.
            q.UseSavStore(builder.Configuration, "gateway");
            // Each job first runs one interval after start, when the host is up (and a test has its own say).
            q.ScheduleJob<OutboxJob>((services, trigger) => trigger.WithIdentity("outbox-trigger", "sav")
                .StartAt(DateTimeOffset.UtcNow + Every(services).OutboxEvery).WithSimpleSchedule(Every(services).OutboxEvery),
                (_, job) => job.WithIdentity(OutboxJob.Key));
            q.ScheduleJob<SweepJob>((services, trigger) => trigger.WithIdentity("sweep-trigger", "sav")
                .StartAt(DateTimeOffset.UtcNow + Every(services).SweepEvery).WithSimpleSchedule(Every(services).SweepEvery),
                (_, job) => job.WithIdentity(SweepJob.Key));
            if (builder.Configuration.GetValue("Sms:Sender", Sav.Domain.Sms.SmsSenderKind.None) != Sav.Domain.Sms.SmsSenderKind.None)
                q.ScheduleJob<SmsJob>((services, trigger) => trigger.WithIdentity("sms-trigger", "sav")
                    .StartAt(DateTimeOffset.UtcNow + Every(services).SmsEvery).WithSimpleSchedule(Every(services).SmsEvery),
                    (_, job) => job.WithIdentity(SmsJob.Key));
        });
        builder.Services.AddHostedService<SchedulerHost>();
        return builder;
    }

    private static JobOptions Every(IServiceProvider services) => services.GetRequiredService<IOptions<JobOptions>>().Value;

    public static WebApplication UseGatewayProtection(this WebApplication app)
    {
        // First, so that the limits and the logs below see the client behind a known proxy.
        app.UseForwardedHeadersFromKnownProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLog();
        app.UseSecurityHeaders();
        app.UseBodyLimit();
        // Routing after the handlers above, so that even a routing failure is answered as a problem.
        app.UseRouting();
        app.UseRateLimiter();
        app.MapHealthChecks("/health", HealthAnswer.Options);
        return app;
    }
}

/// <summary>Names this host for WebApplicationFactory in tests that also reference the backoffice.</summary>
public sealed class GatewayMarker;
