using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Data;
using Sav.Tests.Servers;

namespace Sav.Tests.EndToEnd;

/// <summary>axe-core on the main pages: nothing a screen-reader or low-vision user would be blocked by.</summary>
[Collection(ChromiumCollection.Name)]
public class AccessibilityTests(Chromium chromium)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>A desk's screen, and a phone's (touch, mobile viewport).</summary>
    private Task<IBrowserContext> BrowserAsync(int width, int height) => chromium.Browser.NewContextAsync(new()
    {
        Locale = "fr-FR", ViewportSize = new() { Width = width, Height = height }, IsMobile = width < 600, HasTouch = width < 600,
    });

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_backoffice_main_pages_have_no_serious_or_critical_violation(int width, int height)
    {
        await using var stack = await SavStack.StartAsync(SeedAsync);
        var code = await TicketWithConversationAsync(stack);
        await using var browser = await BrowserAsync(width, height);
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        // The page the service worker shows when the network is away.
        await page.GotoAsync(stack.BackofficeUrl("/offline.html"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hors connexion");
        problems.AddRange(Describe("/offline.html", await page.RunAxe()));
        await page.GotoAsync(stack.BackofficeUrl("/dev/signin"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" })).ToBeVisibleAsync();
        problems.AddRange(Describe("/dev/signin", await page.RunAxe()));
        await stack.SignInAsync(page, DemoData.DevelopmentAnalyst);

        foreach (var (path, heading) in new[]
        {
            ("/", "Suivi des dossiers"),
            ($"/tickets/{code}", $"Dossier {code}"),
            ("/clients", "Clients"),
            ("/tickets/new", "Nouveau dossier"),
            ("/mail", "Santé des mails"),
            ("/search?q=ecran", "Recherche"),
            ("/replies", "Réponses types"),
        })
        {
            await page.GotoAsync(stack.BackofficeUrl(path));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
            await Assertions.Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
            // While the circuit starts, Blazor replaces the head's <title>: check the page once it is live.
            await SavStack.WhenInteractiveAsync(page, "h1");
            await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"\S"));
            problems.AddRange(Describe(path, await page.RunAxe()));
        }
        if (width < 600)
        {
            // The ticket's actions, as a phone shows them: a sheet over the conversation.
            await page.GotoAsync(stack.BackofficeUrl($"/tickets/{code}"));
            await SavStack.WhenInteractiveAsync(page, "h1");
            await page.GetByTestId("actions-open").TapAsync();
            await Assertions.Expect(page.GetByTestId("actions-sheet")).ToBeInViewportAsync();
            problems.AddRange(Describe($"/tickets/{code} (actions)", await page.RunAxe()));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_gateway_public_pages_have_no_serious_or_critical_violation(int width, int height)
    {
        await using var stack = await SavStack.StartAsync(SeedAsync);
        var code = await TicketWithConversationAsync(stack);
        await using var browser = await BrowserAsync(width, height);
        var page = await browser.NewPageAsync();

        var problems = new List<string>();
        var context = Uri.EscapeDataString(stack.Gateway.ContextOf(code));
        foreach (var path in new[] { "/f/lumeo/open", $"/f/status?c={context}", $"/f/answer?c={context}" })
        {
            var response = await page.GotoAsync(stack.GatewayUrl(path));
            Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            problems.AddRange(Describe(path, await page.RunAxe()));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task SeedAsync(Gateway.GatewayHost gateway)
    {
        await using var db = gateway.Db();
        await DemoData.SeedAsync(db, TimeProvider.System, clients: 12, tickets: 10);
    }

    private static async Task<string> TicketWithConversationAsync(SavStack stack)
    {
        await using var db = stack.Gateway.Db();
        return await db.Tickets.Where(t => t.Conversation.Any()).OrderBy(t => t.Code).Select(t => t.Code).FirstAsync();
    }

    /// <summary>One line per blocking violation: page, rule, impact, first element, so a failure says what to fix.</summary>
    private static IEnumerable<string> Describe(string path, AxeResult result) =>
        result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{path}: {v.Id} ({v.Impact}) at {v.Nodes.FirstOrDefault()?.Target} ({v.Nodes.Length} element(s)) — {v.Help} — {v.Nodes.FirstOrDefault()?.Html}");
}
