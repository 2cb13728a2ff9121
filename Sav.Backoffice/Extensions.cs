using MudBlazor.Services;
using Quartz;
using Sav.Backoffice.Erp;
using Sav.Domain.Erp;
using Sav.Domain;
using Sav.Domain.Reports.Weekly;
using Sav.Hosting;
using Sav.Backoffice.Auth;
using Sav.Backoffice.Components;
using Sav.Backoffice.Documents;
using Sav.Backoffice.Localization;
using Sav.Backoffice.Reports;

namespace Sav.Backoffice;

public static class Extensions
{
    public static IHostApplicationBuilder AddBackoffice(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Pages are UTF-8: accented letters are written as they are, only markup characters are escaped.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddMudServices();
        builder.AddBackofficeAuth();
        builder.AddBackofficeLocalization();
        builder.AddBackofficeJobs();
        return builder;
    }

    public static WebApplication UseBackoffice(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // An address that leads nowhere (a mistyped or old link, a document gone) shows « Page introuvable » in the
        // application's frame, not the browser's error page.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // Styles and scripts say nothing about tickets; the sign-in pages need none of them anyway.
        app.MapStaticAssets().AllowAnonymous();
        app.MapBackofficeAuth(app.Environment);
        app.MapDocuments();
        app.MapReports();
        Search.SearchEndpoints.MapSearch(app);
        app.MapCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The backoffice's scheduled jobs, in one scheduler: the ERP sync every <c>Erp:SyncEvery</c> when
    /// <c>Erp:BaseUrl</c> is set (the ERP is on the company's network, which the public gateway never reaches), and the
    /// weekly report's check each minute when <c>Reports:WeeklyTo</c> names someone.</summary>
    private static IHostApplicationBuilder AddBackofficeJobs(this IHostApplicationBuilder builder)
    {
        builder.AddSavErp();
        builder.AddSavWeeklyReport();
        var erpEvery = builder.Configuration.GetSection(ErpOptions.Section).Get<ErpOptions>() is { Enabled: true } erp ? erp.SyncEvery : (TimeSpan?)null;
        var weekly = builder.Configuration.GetSection(WeeklyReportOptions.Section).Get<WeeklyReportOptions>()?.Recipients().Count > 0;
        if (erpEvery is null && !weekly) return builder;
        builder.Services.AddQuartz(q =>
        {
            // Clustered on PostgreSQL: the ERP sync and the weekly report run on one backoffice at a time.
            q.UseSavStore(builder.Configuration, "backoffice");
            // A first sync a minute after start, then every Erp:SyncEvery.
            if (erpEvery is { } every)
                q.ScheduleJob<ErpSyncJob>(trigger => trigger.WithIdentity("erp-sync-trigger", "sav")
                    .StartAt(DateTimeOffset.UtcNow.AddMinutes(1)).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()),
                    job => job.WithIdentity(ErpSyncJob.Key));
            if (weekly)
                q.ScheduleJob<WeeklyReportJob>(trigger => trigger.WithIdentity("weekly-report-trigger", "sav")
                    .StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()),
                    job => job.WithIdentity(WeeklyReportJob.Key));
        });
        builder.Services.AddHostedService<SchedulerHost>();
        return builder;
    }
}

/// <summary>Names this host for WebApplicationFactory in tests that also reference the gateway.</summary>
public sealed class BackofficeMarker;
