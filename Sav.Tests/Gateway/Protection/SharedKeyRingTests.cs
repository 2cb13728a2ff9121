using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Protection;

/// <summary>Two gateways behind a load balancer, on two machines (their files at two different paths), one database: a
/// form shown by one is posted to the other.</summary>
public partial class SharedKeyRingTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [Fact]
    public async Task A_form_shown_by_one_gateway_is_accepted_by_another_that_reads_the_same_keys_from_the_database()
    {
        await using var first = await GatewayHost.StartAsync();
        await using var second = await GatewayHost.BesideAsync(first, configure: OnAnotherMachine(first));

        var answered = await AnswerThroughBothAsync(first, second);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await using var db = first.Db();
        Assert.True(await db.ConversationEntries.AnyAsync(e => e.Text == "Il est branché sur secteur."));
        // One key, written by the first and read by the second.
        Assert.Equal(1, await db.ProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_encrypted_in_the_database_and_read_back_by_every_gateway_holding_it()
    {
        var folder = Directory.CreateTempSubdirectory("sav-keyring-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["KeyRing:CertificatePath"] = WriteCertificate(folder, "mot-de-passe"),
                ["KeyRing:CertificatePassword"] = "mot-de-passe",
            };
            await using var first = await GatewayHost.StartAsync(settings);
            await using var second = await GatewayHost.BesideAsync(first, settings, OnAnotherMachine(first));

            var answered = await AnswerThroughBothAsync(first, second);

            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            await using var db = first.Db();
            Assert.True(await db.ConversationEntries.AnyAsync(e => e.Text == "Il est branché sur secteur."));
            var key = await db.ProtectionKeys.SingleAsync();
            Assert.Contains("encryptedSecret", key.Xml);
            Assert.DoesNotContain("<value>", key.Xml);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_the_gateway_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(new Dictionary<string, string?>
            { ["KeyRing:CertificatePath"] = "/nonexistent/keyring.pfx" }));

        Assert.Contains("KeyRing:CertificatePath", error.ToString());
    }

    /// <summary>Opens a ticket, loads the answer form from <paramref name="shows"/> and posts it, with its cookie, to
    /// <paramref name="receives"/>.</summary>
    private static async Task<HttpResponseMessage> AnswerThroughBothAsync(GatewayHost shows, GatewayHost receives)
    {
        var opened = await shows.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();
        var page = await shows.CreateClient().GetAsync("/f/answer?c=" + Uri.EscapeDataString(context));
        var token = WebUtility.HtmlDecode(TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var post = new HttpRequestMessage(HttpMethod.Post, "/f/answer")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = token, ["CONTEXT"] = context, ["ANSWER"] = "Il est branché sur secteur." }),
        };
        post.Headers.Add("Cookie", cookie);
        return await receives.CreateClient().SendAsync(post);
    }

    /// <summary>The gateway's files at another path, as on another machine or in a new container: left to itself, data
    /// protection would tell the two apart by that path.</summary>
    private static Action<IWebHostBuilder> OnAnotherMachine(GatewayHost first)
    {
        var original = first.Services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var elsewhere = Path.Combine(first.Database.SubFolder("another-machine"), "gateway");
        if (!Directory.Exists(elsewhere)) Directory.CreateSymbolicLink(elsewhere, original);
        return builder => builder.UseContentRoot(elsewhere);
    }

    private static string WriteCertificate(string folder, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Sav key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
