using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sav.Tests.Backoffice;
using Sav.Tests.Gateway;

namespace Sav.Tests.EndToEnd;

/// <summary>The gateway and the backoffice on real loopback ports, over one shared test database.</summary>
public sealed class SavStack : IAsyncDisposable
{
    private SavStack(GatewayHost gateway, BackofficeFactory backoffice)
    {
        Gateway = gateway;
        Backoffice = backoffice;
        BackofficeAddress = new Uri(backoffice.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public GatewayHost Gateway { get; }
    public BackofficeFactory Backoffice { get; }
    public Uri BackofficeAddress { get; }

    /// <summary>Starts both hosts; <paramref name="prepare"/> fills the database before the backoffice starts.</summary>
    public static async Task<SavStack> StartAsync(Func<GatewayHost, Task>? prepare = null)
    {
        var gateway = await GatewayHost.StartAsync(kestrel: true);
        if (prepare is not null) await prepare(gateway);
        var backoffice = new BackofficeFactory(gateway.Database);
        backoffice.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        backoffice.StartServer();
        return new SavStack(gateway, backoffice);
    }

    public string BackofficeUrl(string path) => new Uri(BackofficeAddress, path).ToString();

    public string GatewayUrl(string path) => new Uri(Gateway.Address, path).ToString();

    /// <summary>Signs in through the development form and waits for the ticket list.</summary>
    public async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(BackofficeUrl("/"));
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Suivi des dossiers", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>A prerendered Blazor page ignores clicks until its circuit runs: waits for the layout's
    /// circuit marker, then for <paramref name="selector"/>.</summary>
    public static async Task WhenInteractiveAsync(IPage page, string selector)
    {
        await page.Locator("[data-testid=circuit-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await page.Locator(selector).WaitForAsync(new() { Timeout = 60_000 });
    }

    public async ValueTask DisposeAsync()
    {
        await Backoffice.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
