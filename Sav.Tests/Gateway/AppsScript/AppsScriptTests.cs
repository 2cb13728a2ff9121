using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.AppsScript;

/// <summary>Runs the Apps Script library under Node (Debian's nodejs) with Apps Script's services mocked,
/// then replays what it asked UrlFetchApp to send against a real gateway.</summary>
public class AppsScriptTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "forms", "apps-script", "SavGateway.gs");

    private static async Task<JsonElement> RunAsync(string function, object formEvent)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gateway", "AppsScript", "harness.js"));
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(function);
        start.ArgumentList.Add(JsonSerializer.Serialize(formEvent));
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static Dictionary<string, string> Payload(JsonElement call) =>
        call.GetProperty("payload").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Fact]
    public async Task SavOpen_maps_the_french_questions_and_its_post_opens_a_ticket()
    {
        var run = await RunAsync("savOpen", new
        {
            respondent = "marie.durand@college-pasteur.example",
            items = new object[]
            {
                new[] { "Nom et prénom", "Marie Durand" }, new[] { "Objet de la demande", "Écran noir" },
                new[] { "Type de produit", "Écrans tactiles" }, new[] { "Votre établissement", "Collège Pasteur" },
                new[] { "Produit sous garantie", "Oui" }, new[] { "Une question sans rapport", "ignorée" },
            },
        });
        var call = run.GetProperty("calls")[0];
        Assert.Equal("https://sav.example/api/forms/open", call.GetProperty("url").GetString());
        Assert.Equal("post", call.GetProperty("method").GetString());
        Assert.Equal("AT73#K9F2Q", run.GetProperty("result").GetString());
        var payload = Payload(call);
        Assert.Equal("key-from-properties", payload["API_KEY"]);
        Assert.Equal("Collège Pasteur", payload["CUSTOMER"]);
        Assert.DoesNotContain(payload.Keys, k => k.Contains("question", StringComparison.OrdinalIgnoreCase));

        await using var host = await GatewayHost.StartAsync();
        payload["API_KEY"] = GatewayHost.ApiKey;
        var response = await host.CreateClient().SendAsync(AppsScriptPost("/api/forms/open", payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = host.Db();
        var ticket = await db.Tickets.Include(t => t.Contact).SingleAsync();
        Assert.Equal("marie.durand@college-pasteur.example", ticket.Contact!.Email);
        Assert.Equal("Écran noir", ticket.Subject);
        Assert.Equal(Sav.Domain.Tickets.Warranty.Yes, ticket.Warranty);
    }

    [Theory]
    [InlineData("savStatus", "status")]
    [InlineData("savClose", "close")]
    [InlineData("savReopen", "reopen")]
    public async Task Each_kind_posts_the_context_and_comment_from_a_spreadsheet_trigger(string function, string kind)
    {
        var run = await RunAsync(function, new
        {
            namedValues = new Dictionary<string, string[]> { ["Numéro de dossier"] = ["AT73#K9F2Q"], ["Commentaire"] = ["Merci"] },
        });

        var call = run.GetProperty("calls")[0];
        Assert.Equal($"https://sav.example/api/forms/{kind}", call.GetProperty("url").GetString());
        var payload = Payload(call);
        Assert.Equal("AT73#K9F2Q", payload["CONTEXT"]);
        Assert.Equal("Merci", payload["COMMENT"]);
    }

    [Fact]
    public async Task SavAnswer_posts_the_answer()
    {
        var run = await RunAsync("savAnswer", new { items = new object[] { new[] { "CONTEXT", "AT73#K9F2Q" }, new[] { "Votre réponse", "SN-42" } } });

        var payload = Payload(run.GetProperty("calls")[0]);
        Assert.Equal("SN-42", payload["ANSWER"]);
        Assert.Equal("AT73#K9F2Q", payload["CONTEXT"]);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Sav.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Sav.sln not found above the test binaries.");
    }
}
