using System.Net;
using Sav.Tests.Backoffice.Auth;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Localization;

public class CultureSwitchTests
{
    [Fact]
    public async Task Switching_to_english_sets_the_culture_cookie_and_goes_back_to_the_page()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.GetAsync("/culture?c=en&returnUrl=%2Ftickets");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tickets", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den;", cookie);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task A_return_address_elsewhere_is_replaced_by_the_home_page(string returnUrl)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.GetAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task With_the_english_cookie_the_pages_are_rendered_in_english()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        var form = await client.GetStringAsync("/dev/signin?returnUrl=%2Ftickets");
        await client.PostAsync("/dev/signin", SignInTests.Form(form, "camille@sav.local", "/tickets"));

        var french = await client.GetStringAsync("/tickets");
        await client.GetAsync("/culture?c=en&returnUrl=%2Ftickets");
        var english = await client.GetStringAsync("/tickets");

        Assert.Contains("Suivi des dossiers", french);
        Assert.Contains("<html lang=\"fr\">", french);
        Assert.Contains("Ticket tracking", english);
        Assert.Contains("Sign out", english);
        Assert.Contains("<html lang=\"en\">", english);
        Assert.DoesNotContain("Suivi des dossiers", english);
    }
}
