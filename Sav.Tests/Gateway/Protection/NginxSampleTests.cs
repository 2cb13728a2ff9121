using System.Net;
using Microsoft.EntityFrameworkCore;
using Sav.Tests.Servers;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Protection;

/// <summary>The sample site an operator installs (deploy/nginx/sav-gateway.conf), run by Debian's nginx in front of a
/// real gateway on loopback, with a certificate made for the test.</summary>
public class NginxSampleTests
{
    [Fact]
    public async Task Through_the_sample_site_a_form_with_a_5_MB_photo_opens_a_ticket_over_TLS_and_the_gateway_knows_it_was_https()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
            { ["Gateway:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }, kestrel: true);
        await gateway.AddFamiliesAsync("Écrans tactiles");
        await using var nginx = await Nginx.StartAsync([gateway.Address], gateway.Database.SubFolder("nginx"));
        using var https = new HttpClient(new HttpClientHandler
            { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, AllowAutoRedirect = false })
            { BaseAddress = nginx.Https };

        var photo = new byte[5 * 1024 * 1024];
        Random.Shared.NextBytes(photo);
        using var opened = await https.PostAsync("/api/forms/open", Multipart(ValidOpen(), ("ecran.jpg", "image/jpeg", photo)));
        using var page = await https.GetAsync("/f/sav/open");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = nginx.Http };
        using var plain = await http.GetAsync("/f/sav/open");

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        await using (var db = gateway.Db())
        {
            var ticket = await db.Tickets.SingleAsync();
            Assert.Equal(photo.Length, (await db.Documents.SingleAsync(d => d.TicketId == ticket.Id)).Size);
        }
        // The form's cookie is marked Secure: the gateway took X-Forwarded-Proto from its known proxy.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        // Plain HTTP is sent to HTTPS.
        Assert.Equal(HttpStatusCode.MovedPermanently, plain.StatusCode);
        Assert.Equal("https", plain.Headers.Location?.Scheme);
    }
}
