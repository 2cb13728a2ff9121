using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice;

/// <summary>The backoffice on a loopback port and a Chromium page signed in to it at a given size (below 600 px, a phone:
/// touch and the mobile viewport), in French; the pictures a test takes go to the test output's screenshots/.</summary>
public sealed class SignedInBrowser : IAsyncDisposable
{
    private readonly BackofficeFactory _factory;
    private readonly IBrowserContext _context;

    private SignedInBrowser(BackofficeFactory factory, IBrowserContext context, IPage page, int width, int height)
    {
        (_factory, _context, Page, Width, Height) = (factory, context, page, width, height);
    }

    public IPage Page { get; }
    public IBrowserContext Context => _context;
    public IServiceProvider Services => _factory.Services;
    public int Width { get; }
    public int Height { get; }

    public static async Task<SignedInBrowser> StartAsync(Chromium chromium, TestDatabase database, int width, int height,
        string email = DemoData.DevelopmentAnalyst, string firstPage = "/tickets", IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new BackofficeFactory(database, settings: settings);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = address, Locale = "fr-FR", ViewportSize = new() { Width = width, Height = height },
            // A phone's width is a phone: touch, and the mobile viewport.
            IsMobile = width < 600, HasTouch = width < 600,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(firstPage);
        await page.GetByLabel("Adresse e-mail de l'analyste").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        return new SignedInBrowser(factory, context, page, width, height);
    }

    /// <summary>Takes the whole page as <c>{name}-{width}x{height}.png</c>.</summary>
    public async Task ScreenshotAsync(string name, IPage? page = null)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await (page ?? Page).ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{Width}x{Height}.png"), FullPage = true });
    }

    /// <summary>Whether the page fits its width, polled for a few seconds: the styles of a fresh build come a moment
    /// after the markup, and the page is as wide as its bare markup until then.</summary>
    public async Task<bool> FitsWidthAsync(IPage? page = null)
    {
        try
        {
            await (page ?? Page).WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                null, new() { Timeout = 10_000 });
            return true;
        }
        catch (PlaywrightException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
