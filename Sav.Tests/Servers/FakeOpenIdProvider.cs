using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sav.Tests.Servers;

/// <summary>
/// Stands in for Google's OpenID Connect provider on loopback: discovery document, authorization
/// endpoint (which "signs in" <see cref="NextAccount"/> at once), token endpoint issuing an RS256
/// id_token with the request's nonce, and the key set.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "sav-backoffice.apps.googleusercontent.com";
    public const string ClientSecret = "test-client-secret";

    public sealed record Account(string Email, bool EmailVerified = true, string? HostedDomain = null);
    private sealed record Grant(string Nonce, string RedirectUri, Account Account);

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "fake-google-key" };
    private readonly ConcurrentDictionary<string, Grant> _grants = new();

    public string BaseUrl { get; private set; } = "";
    public Account NextAccount { get; set; } = new("camille@lumeo.example", HostedDomain: "lumeo.example");
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();
    public ConcurrentQueue<IFormCollection> TokenRequests { get; } = new();

    private FakeOpenIdProvider(WebApplication app) => _app = app;

    public static async Task<FakeOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.BaseUrl,
            ["authorization_endpoint"] = provider.BaseUrl + "/o/oauth2/v2/auth",
            ["token_endpoint"] = provider.BaseUrl + "/token",
            ["jwks_uri"] = provider.BaseUrl + "/oauth2/v3/certs",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "email", "profile" },
        }));
        app.MapGet("/oauth2/v3/certs", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(provider._key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/o/oauth2/v2/auth", (Func<HttpContext, IResult>)provider.Authorize);
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)provider.TokenAsync);
        await app.StartAsync();
        provider.BaseUrl = app.Urls.First().TrimEnd('/');
        return provider;
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        AuthorizeRequests.Enqueue(query);
        if (query["client_id"] != ClientId || query["response_type"] != "code") return Results.BadRequest("invalid_request");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _grants[code] = new Grant(query["nonce"].ToString(), query["redirect_uri"].ToString(), NextAccount);
        return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}&scope=openid%20email");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        TokenRequests.Enqueue(form);
        var (id, secret) = ClientCredentials(context.Request, form);
        if (id != ClientId || secret != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(form["code"].ToString(), out var grant)
            || grant.RedirectUri != form["redirect_uri"])
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);

        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "google-" + grant.Account.Email,
            ["email"] = grant.Account.Email,
            ["email_verified"] = grant.Account.EmailVerified,
            ["nonce"] = grant.Nonce,
            ["name"] = grant.Account.Email.Split('@')[0],
        };
        if (grant.Account.HostedDomain is not null) claims["hd"] = grant.Account.HostedDomain;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BaseUrl,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = "fake-access-token", token_type = "Bearer", expires_in = 3600, id_token = idToken, scope = "openid email" });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
