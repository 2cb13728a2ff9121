using System.Net;
using System.Text.RegularExpressions;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms;

/// <summary>A customer who forgets a field reads its label, in the page's language, once: never the contract's name.</summary>
public partial class FieldMessagesTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public static TheoryData<string, string> Required => new()
    {
        { "EMAIL", "« Adresse e-mail » est obligatoire." },
        { "NAME", "« Nom et prénom » est obligatoire." },
        { "SUBJECT", "« Objet de la demande » est obligatoire." },
        { "PRODUCT_FAMILY", "« Type de produit » est obligatoire." },
    };

    public static TheoryData<string, string> RequiredInEnglish => new()
    {
        { "EMAIL", "“Email address” is required." },
        { "NAME", "“Full name” is required." },
        { "SUBJECT", "“Subject” is required." },
        { "PRODUCT_FAMILY", "“Product type” is required." },
    };

    [Theory]
    [MemberData(nameof(Required))]
    public async Task The_API_names_a_missing_field_by_its_label_in_french_once(string field, string message)
    {
        await using var host = await GatewayHost.StartAsync();

        var response = await host.CreateClient().PostAsync("/api/forms/open",
            new FormUrlEncodedContent(ValidOpen().With("API_KEY", GatewayHost.ApiKey).With(field, "")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("Champs invalides", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.Single(errors.EnumerateObject());
    }

    [Fact]
    public async Task The_API_says_how_long_a_field_may_be()
    {
        await using var host = await GatewayHost.StartAsync();

        var response = await host.CreateClient().PostAsync("/api/forms/open",
            new FormUrlEncodedContent(ValidOpen().With("API_KEY", GatewayHost.ApiKey).With("SUBJECT", new string('x', 5000))));

        var message = (await ProblemAsync(response)).GetProperty("errors").GetProperty("SUBJECT")[0].GetString();
        Assert.Matches("^« Objet de la demande » ne doit pas dépasser \\d+ caractères\\.$", message);
    }

    [Fact]
    public async Task A_request_form_without_its_context_names_the_case_number()
    {
        await using var host = await GatewayHost.StartAsync();

        var response = await host.CreateClient().PostAsync("/api/forms/status",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["API_KEY"] = GatewayHost.ApiKey, ["COMMENT"] = "Où en est-on ?" }));

        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.Equal("« Numéro de dossier » est obligatoire.", errors.GetProperty("CONTEXT")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(Required))]
    public async Task The_french_form_shows_a_missing_field_by_its_label(string field, string message) =>
        await AssertPageSaysAsync("/f/sav/open", field, message, "fr");

    [Theory]
    [MemberData(nameof(RequiredInEnglish))]
    public async Task The_english_form_shows_a_missing_field_by_its_english_label(string field, string message) =>
        await AssertPageSaysAsync("/f/sav/open?lang=en", field, message, "en");

    private static async Task AssertPageSaysAsync(string path, string field, string message, string language)
    {
        await using var host = await GatewayHost.StartAsync();
        var client = host.CreateClient();
        var page = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["lang"] = language, ["EMAIL"] = "marie.durand@college-pasteur.example",
            ["NAME"] = "Marie Durand", ["SUBJECT"] = "Écran noir", ["PRODUCT_FAMILY"] = "Écrans tactiles",
        }.With(field, "");

        var response = await client.PostAsync("/f/sav/open", Multipart(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Regex.Matches(html, Regex.Escape(message)).Count); // in the summary and beside the field
        Assert.DoesNotContain("'" + field, html);
        Assert.DoesNotContain("PRODUC T", html);
        Assert.Equal(0, await host.TicketCountAsync());
    }
}
