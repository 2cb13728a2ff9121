using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Google;

/// <summary>Authenticated HTTP clients for Google's REST APIs: the generated Gmail and Drive packages
/// are not available, so the calls are plain HTTP through Google.Apis' token-refreshing client.</summary>
public sealed class GoogleClients(IOptions<GoogleOptions> options)
{
    public const string GmailSendScope = "https://www.googleapis.com/auth/gmail.send";
    public const string GmailModifyScope = "https://www.googleapis.com/auth/gmail.modify";
    public const string DriveScope = "https://www.googleapis.com/auth/drive";

    public GoogleOptions Options => options.Value;

    /// <summary>A client acting as the configured user with the given scopes; dispose it with its user.</summary>
    public HttpClient Create(params string[] scopes)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.User)) throw new InvalidOperationException("Google:User must be set to use Gmail or Drive.");
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(settings.ReadKey())
            .ToGoogleCredential()
            .CreateScoped(scopes)
            .CreateWithUser(settings.User);
        return new HttpClientFactory().CreateHttpClient(new CreateHttpClientArgs
        {
            ApplicationName = settings.ApplicationName,
            Initializers = { credential },
        });
    }
}
