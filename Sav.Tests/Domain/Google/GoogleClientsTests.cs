using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sav.Domain.Google;
using Sav.Tests.Servers;

namespace Sav.Tests.Domain.Google;

public class GoogleClientsTests
{
    [Fact]
    public async Task A_client_signs_a_token_request_as_the_mailbox_user_with_its_scopes_and_sends_the_bearer_token()
    {
        await using var google = await FakeGoogle.StartAsync();
        google.On("GET /gmail/v1/users/me/profile", (context, _) => context.Response.WriteAsJsonAsync(new { emailAddress = "sav@lumeo.example" }));
        var clients = new GoogleClients(Options.Create(new GoogleOptions
        {
            ServiceAccountJson = google.ServiceAccountJson(), User = "sav@lumeo.example", GmailBaseUrl = google.BaseUrl,
        }));

        using var http = clients.Create(GoogleClients.GmailSendScope);
        var profile = await http.GetStringAsync(google.BaseUrl + "/gmail/v1/users/me/profile");

        Assert.Contains("sav@lumeo.example", profile);
        var claims = Assert.Single(google.TokenClaims);
        Assert.Equal("sav@lumeo.example", (string?)claims["sub"]);
        Assert.Equal(FakeGoogle.ClientEmail, (string?)claims["iss"]);
        Assert.Equal(GoogleClients.GmailSendScope, (string?)claims["scope"]);
        Assert.StartsWith("Bearer ya29.fake-", google.Requests.Last().Authorization);
    }

    [Fact]
    public void Without_a_mailbox_user_the_client_refuses_with_the_setting_to_fix()
    {
        var clients = new GoogleClients(Options.Create(new GoogleOptions { ServiceAccountJson = "{}" }));
        var error = Assert.Throws<InvalidOperationException>(() => clients.Create(GoogleClients.DriveScope));
        Assert.Contains("Google:User", error.Message);
    }
}
