using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sav.Domain.Analysts;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Auth;

public class GoogleSignInTests
{
    private static WebApplicationFactory<Sav.Backoffice.BackofficeMarker> Backoffice(TestDatabase database, FakeOpenIdProvider google) =>
        new BackofficeFactory(database, environment: "Production").WithWebHostBuilder(b =>
        {
            b.UseSetting("GoogleSignIn:ClientId", FakeOpenIdProvider.ClientId);
            b.UseSetting("GoogleSignIn:ClientSecret", FakeOpenIdProvider.ClientSecret);
            b.UseSetting("GoogleSignIn:AllowedDomain", "lumeo.example");
            b.UseSetting("GoogleSignIn:Authority", google.BaseUrl);
        });

    private static async Task AddAnalystAsync(TestDatabase database, string email, bool active)
    {
        await using var db = database.CreateDbContext();
        db.Analysts.Add(new Analyst { Email = email, DisplayName = email.Split('@')[0], Active = active });
        await db.SaveChangesAsync();
    }

    /// <summary>Follows the browser's redirects: the backoffice's through the test client, Google's over loopback.</summary>
    private static async Task<HttpResponseMessage> SignInThroughGoogleAsync(HttpClient backoffice, string path)
    {
        using var google = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await backoffice.GetAsync(path);
        for (var hops = 0; hops < 8 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found; hops++)
        {
            var location = response.Headers.Location!;
            if (!location.IsAbsoluteUri) location = new Uri(backoffice.BaseAddress!, location);
            response = location.Host == backoffice.BaseAddress!.Host
                ? await backoffice.GetAsync(location.PathAndQuery)
                : await google.GetAsync(location);
            if (response.RequestMessage?.RequestUri?.AbsolutePath == path && response.StatusCode == HttpStatusCode.OK) break;
        }
        return response;
    }

    [Fact]
    public async Task An_active_analyst_of_the_workspace_domain_signs_in_with_google()
    {
        await using var google = await FakeOpenIdProvider.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "camille@lumeo.example", active: true);
        await using var factory = Backoffice(database, google);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        google.NextAccount = new("Camille@lumeo.example", HostedDomain: "lumeo.example");

        var page = await SignInThroughGoogleAsync(client, "/tickets");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Suivi des dossiers", await page.Content.ReadAsStringAsync());
        var authorize = Assert.Single(google.AuthorizeRequests);
        Assert.Equal("lumeo.example", authorize["hd"]);
        Assert.Equal("http://localhost/signin-google", authorize["redirect_uri"]);
        Assert.Single(google.TokenRequests);
    }

    [Theory]
    [InlineData("camille@gmail.com", null, "lumeo.example")]
    [InlineData("camille@other.example", "other.example", "lumeo.example")]
    [InlineData("parti@lumeo.example", "lumeo.example", "désactivé")]
    [InlineData("inconnu@lumeo.example", "lumeo.example", "n'est pas un analyste")]
    public async Task Other_domains_inactive_and_unknown_accounts_are_refused(string email, string? hostedDomain, string reason)
    {
        await using var google = await FakeOpenIdProvider.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "parti@lumeo.example", active: false);
        await AddAnalystAsync(database, "camille@gmail.com", active: true);
        await AddAnalystAsync(database, "camille@other.example", active: true);
        await using var factory = Backoffice(database, google);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        google.NextAccount = new(email, HostedDomain: hostedDomain);

        var page = await SignInThroughGoogleAsync(client, "/tickets");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains(reason, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        var again = await client.GetAsync("/tickets");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task A_refusal_is_worded_in_english_with_the_culture_cookie()
    {
        await using var google = await FakeOpenIdProvider.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "parti@lumeo.example", active: false);
        await using var factory = Backoffice(database, google);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.GetAsync("/culture?c=en&returnUrl=%2F");
        google.NextAccount = new("parti@lumeo.example", HostedDomain: "lumeo.example");

        var page = await SignInThroughGoogleAsync(client, "/tickets");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Access denied", html);
        Assert.Contains("The analyst account parti@lumeo.example is deactivated.", html);
    }

    [Fact]
    public async Task An_unverified_address_is_refused()
    {
        await using var google = await FakeOpenIdProvider.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "camille@lumeo.example", active: true);
        await using var factory = Backoffice(database, google);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        google.NextAccount = new("camille@lumeo.example", EmailVerified: false, HostedDomain: "lumeo.example");

        var page = await SignInThroughGoogleAsync(client, "/tickets");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task Outside_development_there_is_no_development_sign_in()
    {
        await using var google = await FakeOpenIdProvider.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = Backoffice(database, google);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var devPage = await client.GetAsync("/dev/signin");
        var signIn = await client.GetAsync("/signin");

        Assert.NotEqual(HttpStatusCode.OK, devPage.StatusCode);
        Assert.StartsWith(google.BaseUrl, signIn.Headers.Location!.ToString());
    }
}
