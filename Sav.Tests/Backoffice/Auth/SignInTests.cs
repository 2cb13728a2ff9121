using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Sav.Backoffice;
using Sav.Domain.Analysts;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Auth;

public partial class SignInTests
{
    /// <summary>Every page of the backoffice, with sample values in its route parameters.</summary>
    public static TheoryData<string> Routes()
    {
        var data = new TheoryData<string>();
        var templates = typeof(BackofficeMarker).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template).Distinct().Order();
        foreach (var template in templates) data.Add(RouteParameter().Replace(template, m => m.Value.Contains(":int") ? "1" : "AT73"));
        data.Add("/documents/1");
        data.Add("/documents/1/view");
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_page_sends_an_anonymous_visitor_to_sign_in(string path)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public void The_walk_covers_the_ticket_pages() =>
        Assert.Contains("/tickets/AT73", ((IEnumerable<object[]>)Routes()).Select(r => (string)r[0]));

    [Fact]
    public async Task In_development_an_analyst_signs_in_by_e_mail_and_out_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "camille@sav.local", active: true);
        await AddAnalystAsync(database, "parti@sav.local", active: false);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        var signIn = await client.GetAsync("/");
        Assert.Equal("/signin", signIn.Headers.Location!.AbsolutePath);
        var devSignIn = await client.GetAsync(signIn.Headers.Location);
        Assert.Equal("/dev/signin", devSignIn.Headers.Location!.OriginalString.Split('?')[0]);
        var form = await client.GetStringAsync(devSignIn.Headers.Location);
        Assert.Contains("Se connecter", form);
        Assert.Contains("camille@sav.local", form);
        Assert.DoesNotContain("parti@sav.local", form);

        using var posted = await client.PostAsync("/dev/signin", Form(form, "Camille@sav.local", "/tickets"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/tickets", posted.Headers.Location!.OriginalString);

        using var home = await client.GetAsync("/tickets");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains("Suivi des dossiers", html);
        Assert.Contains("camille", html);

        using var signOut = await client.GetAsync("/signout");
        using var after = await client.GetAsync("/tickets");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task An_inactive_or_unknown_address_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "parti@sav.local", active: false);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        var form = await client.GetStringAsync("/dev/signin");

        using var inactive = await client.PostAsync("/dev/signin", Form(form, "parti@sav.local", "/"));
        using var unknown = await client.PostAsync("/dev/signin", Form(form, "inconnu@sav.local", "/"));

        Assert.Equal(HttpStatusCode.BadRequest, inactive.StatusCode);
        Assert.Contains("Aucun analyste actif", await unknown.Content.ReadAsStringAsync());
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task A_return_address_elsewhere_is_ignored()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        var form = await client.GetStringAsync("/dev/signin");

        using var posted = await client.PostAsync("/dev/signin", Form(form, "camille@sav.local", "//evil.example/"));

        Assert.Equal("/", posted.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_analyst_made_inactive_loses_the_backoffice_at_the_next_request()
    {
        await using var database = await TestDatabase.CreateAsync();
        var id = await AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        var form = await client.GetStringAsync("/dev/signin");
        await client.PostAsync("/dev/signin", Form(form, "camille@sav.local", "/"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await using (var db = database.CreateDbContext())
        {
            (await db.Analysts.FindAsync(id))!.Active = false;
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_development_sign_in_does_not_exist()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var factory = new BackofficeFactory(database, "Production");
        using var client = factory.CreateBrowserlessClient();

        using var page = await client.GetAsync("/dev/signin");
        var body = await page.Content.ReadAsStringAsync();
        using var posted = await client.PostAsync("/dev/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "camille@sav.local" }));
        using var home = await client.GetAsync("/");
        using var signIn = await client.GetAsync("/signin");

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("Se connecter", body);
        Assert.False(posted.Headers.Contains("Set-Cookie") && posted.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("sav.backoffice=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/signin", home.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain("/dev/signin", await signIn.Content.ReadAsStringAsync());
        Assert.Null(signIn.Headers.Location);
    }

    internal static FormUrlEncodedContent Form(string formHtml, string email, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = TokenField().Match(formHtml).Groups[1].Value,
        ["email"] = email,
        ["returnUrl"] = returnUrl,
    });

    internal static async Task<int> AddAnalystAsync(TestDatabase database, string email, bool active, AnalystRole role = AnalystRole.Analyst)
    {
        await using var db = database.CreateDbContext();
        var analyst = new Analyst { Email = email, DisplayName = email.Split('@')[0], Active = active, Role = role };
        db.Analysts.Add(analyst);
        await db.SaveChangesAsync();
        return analyst.Id;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
