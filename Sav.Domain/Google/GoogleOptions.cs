namespace Sav.Domain.Google;

/// <summary>A service account with domain-wide delegation, shared by the Gmail sender and reader
/// and the Drive store. The key itself comes from an environment variable or user secrets.</summary>
public class GoogleOptions
{
    public const string Section = "Google";
    /// <summary>The service account's JSON key, as text (e.g. Google__ServiceAccountJson).</summary>
    public string? ServiceAccountJson { get; set; }
    /// <summary>Or the path of the JSON key file.</summary>
    public string? ServiceAccountFile { get; set; }
    /// <summary>The Workspace user the service account acts as (the support mailbox).</summary>
    public string? User { get; set; }
    public string ApplicationName { get; set; } = "Sav";
    public string GmailBaseUrl { get; set; } = "https://gmail.googleapis.com";
    public string DriveBaseUrl { get; set; } = "https://www.googleapis.com";

    public string ReadKey() =>
        !string.IsNullOrWhiteSpace(ServiceAccountJson) ? ServiceAccountJson
        : !string.IsNullOrWhiteSpace(ServiceAccountFile) ? File.ReadAllText(ServiceAccountFile)
        : throw new InvalidOperationException("Google:ServiceAccountJson or Google:ServiceAccountFile must be set to use Gmail or Drive.");
}
