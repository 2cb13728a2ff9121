using Sav.Backoffice.Components;

namespace Sav.Backoffice;

public static class Extensions
{
    public static IHostApplicationBuilder AddBackoffice(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication UseBackoffice(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

/// <summary>Names this host for WebApplicationFactory in tests that also reference the gateway.</summary>
public sealed class BackofficeMarker;
