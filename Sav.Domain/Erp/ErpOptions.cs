namespace Sav.Domain.Erp;

public enum ErpAuthentication { None, ApiKey, Bearer, Basic }

/// <summary>The company's ERP, which the backoffice (never the gateway) reads clients from. Without <see cref="BaseUrl"/>
/// Sav runs without an ERP. Secrets (<see cref="ApiKey"/>, <see cref="Token"/>, <see cref="Password"/>) only as
/// environment variables.</summary>
public sealed class ErpOptions
{
    public const string Section = "Erp";

    public Uri? BaseUrl { get; set; }
    public ErpAuthentication Authentication { get; set; } = ErpAuthentication.None;
    public string ApiKeyHeader { get; set; } = "X-Api-Key";
    public string? ApiKey { get; set; }
    public string? Token { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>The client list, paged: <c>{ListPath}?{PageParameter}=1&amp;{PageSizeParameter}=500</c>, pages from 1
    /// until one comes back shorter than <see cref="PageSize"/>.</summary>
    public string ListPath { get; set; } = "/clients";
    public string PageParameter { get; set; } = "page";
    public string PageSizeParameter { get; set; } = "pageSize";
    public int PageSize { get; set; } = 500;
    /// <summary>Where a page's clients are in its JSON: empty when the page is the array itself.</summary>
    public string ItemsField { get; set; } = "";
    /// <summary>One client: <c>{id}</c> stands for its ERP id.</summary>
    public string ClientPath { get; set; } = "/clients/{id}";

    /// <summary>The JSON fields (dotted for nested ones) holding each of Sav's client fields.</summary>
    public ErpFields Fields { get; set; } = new();
    /// <summary>Other JSON fields the analysts should see, with their French labels: <c>{"segment": "Segment"}</c>.</summary>
    public Dictionary<string, string> Extra { get; set; } = [];

    /// <summary>Each call's limit; a call is tried again <see cref="Retries"/> times after a 5xx or a timeout, waiting
    /// <see cref="RetryDelay"/>, then twice that, and so on.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public int Retries { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan SyncEvery { get; set; } = TimeSpan.FromHours(1);

    public bool Enabled => BaseUrl is not null;
}

public sealed class ErpFields
{
    public string ErpId { get; set; } = "id";
    public string Name { get; set; } = "name";
    public string Address { get; set; } = "address";
    public string Phone { get; set; } = "phone";
    public string EmailDomain { get; set; } = "emailDomain";
}
