using System.Net;
using System.Text.RegularExpressions;
using Sav.Domain.Analysts;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Auth;

/// <summary>The pages before sign-in speak French unless the culture cookie says English, like every other page.</summary>
public partial class SignInPageTests
{
    /// <summary>Follows the page's own EN link, which sets the culture cookie and comes back.</summary>
    private static async Task SwitchToEnglishAsync(HttpClient client, string html)
    {
        var link = WebUtility.HtmlDecode(EnglishLink().Match(html).Groups[1].Value);
        Assert.StartsWith("/culture?c=en&returnUrl=", link);
        using var switched = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
    }

    [Fact]
    public async Task The_development_sign_in_is_french_by_default_and_english_with_the_cookie()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true, AnalystRole.Admin);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        var french = await client.GetStringAsync("/dev/signin?returnUrl=%2Ftickets");
        await SwitchToEnglishAsync(client, french);
        var english = await client.GetStringAsync("/dev/signin?returnUrl=%2Ftickets");

        Assert.Contains("<html lang=\"fr\">", french);
        Assert.Contains("<h1>Connexion de développement</h1>", french);
        Assert.Contains("Adresse e-mail de l'analyste", WebUtility.HtmlDecode(french));
        Assert.Contains("camille (Administrateur)", french);
        Assert.Contains(">Se connecter</button>", french);
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("<h1>Development sign-in</h1>", english);
        Assert.Contains("Analyst's e-mail address", WebUtility.HtmlDecode(english));
        Assert.Contains("camille (Administrator)", english);
        Assert.Contains(">Sign in</button>", english);
        Assert.DoesNotContain("Se connecter", english);
        // The switch came back to the form, which still goes on to the page asked for.
        Assert.Contains("name=\"returnUrl\" value=\"/tickets\"", english);
    }

    [Fact]
    public async Task An_unknown_address_is_refused_in_the_language_of_the_cookie()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        var french = await client.GetStringAsync("/dev/signin");
        await SwitchToEnglishAsync(client, french);
        var form = await client.GetStringAsync("/dev/signin");

        using var refused = await client.PostAsync("/dev/signin", SignInTests.Form(form, "inconnu@sav.local", "/"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("No active analyst has the address \"inconnu@sav.local\".", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Contains("No active analyst: <code>", form);
    }

    [Fact]
    public async Task The_denied_page_is_french_by_default_and_english_with_the_cookie()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var frenchResponse = await client.GetAsync("/denied");
        var french = await frenchResponse.Content.ReadAsStringAsync();
        await SwitchToEnglishAsync(client, french);
        using var englishResponse = await client.GetAsync("/denied");
        var english = await englishResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, frenchResponse.StatusCode);
        Assert.Contains("<html lang=\"fr\">", french);
        Assert.Contains("<title>Accès refusé — SAV</title>", french);
        Assert.Contains("Votre compte ne donne pas accès à cette page.", french);
        Assert.Contains(">Se connecter avec un autre compte</a>", french);
        Assert.Contains("<a href=\"/tickets\">Retour à la liste des dossiers</a>", french);
        Assert.Equal(HttpStatusCode.Forbidden, englishResponse.StatusCode);
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("<h1>Access denied</h1>", english);
        Assert.Contains("Your account does not give access to this page.", english);
        Assert.Contains(">Sign in with another account</a>", english);
        Assert.DoesNotContain("Accès refusé", english);
    }

    [Fact]
    public async Task Without_google_configured_the_sign_in_page_says_so_in_either_language()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database, "Production");
        using var client = factory.CreateBrowserlessClient();

        var french = await client.GetStringAsync("/signin");
        await SwitchToEnglishAsync(client, french);
        var english = await client.GetStringAsync("/signin");

        Assert.Contains("La connexion par compte Google n'est pas encore configurée sur ce serveur.", WebUtility.HtmlDecode(french));
        Assert.Contains("Signing in with a Google account is not configured on this server yet.", english);
        Assert.Contains("<html lang=\"en\">", english);
    }

    [GeneratedRegex("""<a href="([^"]+)" lang="en"[^>]*>EN</a>""")]
    private static partial Regex EnglishLink();

    [Fact]
    public async Task The_backoffice_has_a_favicon_anyone_can_fetch()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
        using var denied = await client.GetAsync("/denied");
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.ico\"", await denied.Content.ReadAsStringAsync());
    }
}
