using MudBlazor.Services;
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
        Erp.ErpJobExtensions.AddBackofficeErp(builder);
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
}

/// <summary>Names this host for WebApplicationFactory in tests that also reference the gateway.</summary>
public sealed class BackofficeMarker;
