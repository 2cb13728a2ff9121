using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sav.Tests.Servers;

/// <summary>
/// Google's servers cannot be reached from here: this loopback HTTP server speaks their protocol.
/// It serves the OAuth token endpoint of a service account (checking the signed JWT assertion with
/// the key it issued) and whatever API routes a test maps with <see cref="On"/>. Every request is recorded.
/// </summary>
public sealed class FakeGoogle : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Func<HttpContext, RecordedRequest, Task>> _routes = new();
    private int _tokens;

    public string BaseUrl { get; }
    public const string ClientEmail = "sav-robot@sav-test.iam.gserviceaccount.com";
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    /// <summary>The claims of each JWT assertion the token endpoint accepted.</summary>
    public ConcurrentQueue<JsonObject> TokenClaims { get; } = new();

    private FakeGoogle(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FakeGoogle> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeGoogle? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        fake = new FakeGoogle(app, app.Urls.First().TrimEnd('/'));
        return fake;
    }

    /// <summary>Maps a route ("POST /gmail/v1/users/me/messages/send"); a path ending in "*" matches a prefix.</summary>
    public void On(string methodAndPath, Func<HttpContext, RecordedRequest, Task> handler) => _routes[methodAndPath] = handler;

    /// <summary>A service-account key whose token_uri is this server.</summary>
    public string ServiceAccountJson() => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "sav-test",
        ["private_key_id"] = "test-key-1",
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "1234567890",
        ["token_uri"] = BaseUrl + "/token",
    }.ToJsonString();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.Authorization.ToString(), context.Request.ContentType, buffer.ToArray());
        Requests.Enqueue(request);

        if (request.Method == "POST" && request.Path == "/token")
        {
            await TokenAsync(context, request);
            return;
        }
        if (!request.Authorization.StartsWith("Bearer ya29.fake-", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = new { code = 401, message = "Request had invalid authentication credentials." } });
            return;
        }
        var key = $"{request.Method} {request.Path}";
        var handler = _routes.TryGetValue(key, out var exact) ? exact
            : _routes.FirstOrDefault(r => r.Key.EndsWith('*') && key.StartsWith(r.Key[..^1], StringComparison.Ordinal)).Value;
        if (handler is null)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsJsonAsync(new { error = new { code = 404, message = $"No route {key}" } });
            return;
        }
        await handler(context, request);
    }

    private async Task TokenAsync(HttpContext context, RecordedRequest request)
    {
        var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(request.Body));
        var assertion = form["assertion"] ?? "";
        var parts = assertion.Split('.');
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || parts.Length != 3
            || !_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant", error_description = "Invalid JWT Signature." });
            return;
        }
        TokenClaims.Enqueue(JsonNode.Parse(Base64Url(parts[1]))!.AsObject());
        var token = $"ya29.fake-{Interlocked.Increment(ref _tokens)}";
        await context.Response.WriteAsJsonAsync(new { access_token = token, expires_in = 3600, token_type = "Bearer" });
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
    public JsonNode? Json => JsonNode.Parse(Body);
}
