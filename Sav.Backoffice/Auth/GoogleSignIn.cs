using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Sav.Domain.Analysts;
using Sav.Domain.Data;

namespace Sav.Backoffice.Auth;

public class GoogleSignInOptions
{
    public const string Section = "GoogleSignIn";
    /// <summary>The OAuth client of the backoffice (Google Cloud console, "Web application").</summary>
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The company's Workspace domain: other accounts are refused.</summary>
    public string? AllowedDomain { get; set; }
    public string Authority { get; set; } = "https://accounts.google.com";

    public bool Configured => !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Google sign-in (OpenID Connect, authorization code flow): Google says who the person is,
/// the database says whether they are an active analyst.</summary>
public static class GoogleSignIn
{
    public const string Scheme = "Google";

    public static AuthenticationBuilder AddGoogleSignIn(this AuthenticationBuilder authentication, IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GoogleSignInOptions>().BindConfiguration(GoogleSignInOptions.Section)
            .Validate(o => !o.Configured || !string.IsNullOrWhiteSpace(o.ClientSecret), "GoogleSignIn:ClientSecret must be set with GoogleSignIn:ClientId.")
            .Validate(o => !o.Configured || !string.IsNullOrWhiteSpace(o.AllowedDomain), "GoogleSignIn:AllowedDomain must name the company's Workspace domain.")
            .ValidateOnStart();
        var settings = builder.Configuration.GetSection(GoogleSignInOptions.Section).Get<GoogleSignInOptions>() ?? new();
        if (!settings.Configured) return authentication;

        return authentication.AddOpenIdConnect(Scheme, "Google", o =>
        {
            o.SignInScheme = AnalystClaims.Scheme;
            o.Authority = settings.Authority;
            o.RequireHttpsMetadata = settings.Authority.StartsWith("https://", StringComparison.Ordinal);
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // A top-level GET back from Google: Lax cookies suffice and work behind a TLS proxy too.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.CallbackPath = "/signin-google";
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" }) o.Scope.Add(scope);
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            o.Events.OnRedirectToIdentityProvider = context =>
            {
                // Google shows only accounts of this Workspace domain; the server checks it anyway.
                context.ProtocolMessage.SetParameter("hd", settings.AllowedDomain);
                context.ProtocolMessage.Prompt = "select_account";
                return Task.CompletedTask;
            };
            o.Events.OnTokenValidated = AdmitAnalystAsync;
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/denied?reason=" + Uri.EscapeDataString(context.Failure?.Message ?? ""));
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    private static async Task AdmitAnalystAsync(TokenValidatedContext context)
    {
        var google = context.Principal!;
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<GoogleSignInOptions>>().Value;
        var factory = context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<SavDbContext>>();
        await using var db = await factory.CreateDbContextAsync(context.HttpContext.RequestAborted);
        var decision = await AnalystSignIn.DecideAsync(db,
            google.FindFirstValue("email"),
            string.Equals(google.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            google.FindFirstValue("hd"),
            options.AllowedDomain,
            context.HttpContext.RequestAborted);
        if (decision.Analyst is null)
        {
            context.Fail(SignInPage.Refusal(decision));
            return;
        }
        context.Principal = AnalystClaims.Principal(decision.Analyst);
    }
}
