using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sav.Tests.Servers;

/// <summary>Debian's nginx started on free loopback ports with the sample site (deploy/nginx/sav-gateway.conf), its
/// addresses and paths changed for the test, in front of one gateway or several (round robin).</summary>
public sealed class Nginx : IAsyncDisposable
{
    private Process _process = null!;
    public Uri Https { get; private set; } = null!;
    public Uri Http { get; private set; } = null!;

    public static async Task<Nginx> StartAsync(IReadOnlyList<Uri> gateways, string folder)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx; .ci/run does).");
        var (https, http) = (LoopbackPort.Free(), LoopbackPort.Free());
        var (certificate, key) = WriteCertificate(folder);
        var site = File.ReadAllText(Sample("deploy/nginx/sav-gateway.conf"));
        foreach (var (from, to) in new[]
        {
            ("server 127.0.0.1:5080;", string.Join("\n    ", gateways.Select(g => $"server 127.0.0.1:{g.Port};"))),
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
