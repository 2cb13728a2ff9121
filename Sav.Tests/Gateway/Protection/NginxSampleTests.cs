using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
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
        await using var nginx = await Nginx.StartAsync(gateway.Address, gateway.Database.SubFolder("nginx"));
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

    /// <summary>nginx started on free loopback ports with the sample site, its addresses and paths changed for the test.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private Process _process = null!;
        public Uri Https { get; private set; } = null!;
        public Uri Http { get; private set; } = null!;

        public static async Task<Nginx> StartAsync(Uri gateway, string folder)
        {
            var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx; .ci/run does).");
            var (https, http) = (FreePort(), FreePort());
            var (certificate, key) = WriteCertificate(folder);
            var site = File.ReadAllText(Sample("deploy/nginx/sav-gateway.conf"));
            foreach (var (from, to) in new[]
            {
                ("server 127.0.0.1:5080;", $"server 127.0.0.1:{gateway.Port};"),
                ("    listen 443 ssl http2;\n", $"    listen 127.0.0.1:{https} ssl http2;\n"), ("    listen [::]:443 ssl http2;\n", ""),
                ("    listen 80;\n", $"    listen 127.0.0.1:{http};\n"), ("    listen [::]:80;\n", ""),
                ("/etc/ssl/sav/fullchain.pem", certificate), ("/etc/ssl/sav/privkey.pem", key),
            })
            {
                Assert.True(site.Contains(from), $"the sample site no longer holds « {from.Trim()} »: change this test with it");
                site = site.Replace(from, to);
            }
            File.WriteAllText(Path.Combine(folder, "sav-gateway.conf"), site);
            File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
                worker_processes 1;
                error_log {{folder}}/error.log;
                pid {{folder}}/nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log {{folder}}/access.log;
                    client_body_temp_path {{folder}}/body;
                    proxy_temp_path {{folder}}/proxy;
                    fastcgi_temp_path {{folder}}/fastcgi;
                    uwsgi_temp_path {{folder}}/uwsgi;
                    scgi_temp_path {{folder}}/scgi;
                    include {{folder}}/sav-gateway.conf;
                }
                """);
            // Workers run as the unprivileged user when nginx starts as root: they write the temporary bodies here.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            var start = new ProcessStartInfo(binary, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"])
                { RedirectStandardError = true, RedirectStandardOutput = true };
            var nginx = new Nginx { _process = Process.Start(start)!, Https = new Uri($"https://127.0.0.1:{https}"), Http = new Uri($"http://127.0.0.1:{http}") };
            for (var waited = Stopwatch.StartNew(); ; await Task.Delay(50))
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, https);
                    return nginx;
                }
                catch (SocketException) when (!nginx._process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(20)) { }
                catch (SocketException)
                {
                    throw new InvalidOperationException("nginx did not start: " + await nginx._process.StandardError.ReadToEndAsync()
                        + (File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : ""));
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static (string Certificate, string Key) WriteCertificate(string folder)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=sav.example.org", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var (crt, key) = (Path.Combine(folder, "fullchain.pem"), Path.Combine(folder, "privkey.pem"));
            File.WriteAllText(crt, certificate.ExportCertificatePem());
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
            return (crt, key);
        }

        private static string Sample(string relative)
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, relative))) return Path.Combine(folder.FullName, relative);
            throw new FileNotFoundException(relative + " not found above " + AppContext.BaseDirectory);
        }
    }
}
