using System.Net;
using Microsoft.Playwright;
using MimeKit;
using Sav.Domain.Analysts;
using Sav.Tests.Gateway;
using Sav.Tests.Servers;

namespace Sav.Tests.EndToEnd;

/// <summary>An analyst asks the customer a question, the customer answers through the gateway, the analyst closes.</summary>
[Collection(ChromiumCollection.Name)]
public class QuestionAndAnswerTests(Chromium chromium)
{
    private const string Analyst = "camille@sav.local";

    [Fact]
    public async Task An_analyst_asks_a_question_sees_the_answer_and_closes_the_ticket()
    {
        await using var stack = await SavStack.StartAsync(async gateway =>
        {
            await using var db = gateway.Db();
            db.Analysts.Add(new Analyst { Email = Analyst, DisplayName = "Camille Martin", Role = AnalystRole.Analyst });
            await db.SaveChangesAsync();
            await gateway.AddFamiliesAsync("Écrans tactiles");
        });
        using var http = stack.Gateway.CreateClient();
        await OpenAsync(http, "Télécommande muette");
        var context = await OpenAsync(http, "Écran noir en salle 12");
        var code = context.Split('#')[0];
        await stack.Gateway.DispatchAsync();
        var confirmations = Directory.GetFiles(stack.Gateway.PickupFolder, "*.eml");

        await using var browser = await chromium.Browser.NewContextAsync(new() { Locale = "fr-FR" });
        var page = await browser.NewPageAsync();
        await stack.SignInAsync(page, Analyst);

        // The list shows the most recently updated ticket first.
        var newest = page.Locator("tr.ticket-row").First;
        await Assertions.Expect(newest).ToContainTextAsync("Écran noir en salle 12");
        // A link clicked while the circuit starts races it (the click can be lost, or the next page left
        // without its interactive parts): the analyst's click counts once the page is live.
        await SavStack.WhenInteractiveAsync(page, "tr.ticket-row >> nth=0");
        await newest.GetByRole(AriaRole.Link, new() { Name = code, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Dossier {code} — Écran noir en salle 12" })).ToBeVisibleAsync();
        await SavStack.WhenInteractiveAsync(page, "[data-testid=ask]");
        await page.GetByLabel("Question (envoyée par mail)").FillAsync("Quel est le numéro de série de l'écran ?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la question" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("c20. Attente précisions Demandeur");

        Assert.Equal(1, await stack.Gateway.DispatchAsync());
        var question = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(stack.Gateway.PickupFolder, "*.eml").Except(confirmations)));
        Assert.Equal($"Ticket N° {context}# - Écran noir en salle 12", question.Subject);
        Assert.Contains("Quel est le numéro de série de l'écran ?", question.TextBody);
        Assert.Contains($"Cliquer ici pour répondre : http://localhost:5080/f/answer?c={Uri.EscapeDataString(context)}", question.TextBody);
        Assert.Contains("Cliquer ici pour répondre", question.HtmlBody);
        Assert.Contains($"/f/answer?c={Uri.EscapeDataString(context)}", question.HtmlBody);

        var answer = await http.PostAsync("/api/forms/answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["API_KEY"] = GatewayHost.ApiKey,
            ["CONTEXT"] = context,
            ["ANSWER"] = "Le numéro de série est SN-42.",
        }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("Le numéro de série est SN-42.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("b10. Action demandée");

        await SavStack.WhenInteractiveAsync(page, "[data-testid=close]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fermer le dossier" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("z10. Fermé");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rouvrir" })).ToBeVisibleAsync();
    }

    private static async Task<string> OpenAsync(HttpClient http, string subject)
    {
        var response = await http.PostAsync("/api/forms/open", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["API_KEY"] = GatewayHost.ApiKey,
            ["EMAIL"] = "marie.durand@college-pasteur.example",
            ["NAME"] = "Marie Durand",
            ["CUSTOMER"] = "Collège Pasteur",
            ["SUBJECT"] = subject,
            ["DESCRIPTION"] = "Le voyant reste orange.",
            ["PRODUCT_FAMILY"] = "ecrans tactiles",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
