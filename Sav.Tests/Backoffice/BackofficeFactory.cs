using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sav.Backoffice;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice;

/// <summary>The backoffice host over a test database, in the environment the test asks for.</summary>
public sealed class BackofficeFactory(TestDatabase database, string environment = "Development", IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<BackofficeMarker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.UseSetting("ConnectionStrings:Sav", database.ConnectionString);
        builder.UseSetting("Sav:ContextSecret", TestServices.Secret);
        builder.UseSetting("Mail:PickupFolder", database.SubFolder("pickup"));
        builder.UseSetting("Documents:Folder", database.SubFolder("documents"));
    }

    public HttpClient CreateBrowserlessClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
