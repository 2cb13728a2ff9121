namespace Sav.Gateway.Protection;

public class GatewayOptions
{
    public const string Section = "Gateway";
    /// <summary>Accepted in the Development environment when no key is configured, and only there.</summary>
    public const string DevelopmentApiKey = "dev-api-key";

    /// <summary>Keys accepted from form scripts, in the API_KEY field or the X-Api-Key header.</summary>
    public List<string> ApiKeys { get; set; } = [];
    /// <summary>Largest body without files (form-urlencoded, JSON, multipart without files).</summary>
    public long MaxFieldsBytes { get; set; } = 256 * 1024;
    /// <summary>Largest multipart body, files included.</summary>
    public long MaxUploadBytes { get; set; } = 120 * 1024 * 1024;
    public RateLimitOptions RateLimit { get; set; } = new();
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

public class RateLimitOptions
{
    /// <summary>Form submissions accepted per client address and minute.</summary>
    public int PerAddressPerMinute { get; set; } = 30;
    /// <summary>Submissions accepted per ticket context and minute.</summary>
    public int PerContextPerMinute { get; set; } = 5;
}
