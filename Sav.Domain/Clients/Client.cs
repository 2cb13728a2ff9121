namespace Sav.Domain.Clients;

/// <summary>A company, from the ERP or created from a form and linked later.</summary>
public class Client
{
    public int Id { get; set; }
    public string? ErpId { get; set; }
    public string Name { get; set; } = "";
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? EmailDomain { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Contact> Contacts { get; set; } = [];
    /// <summary>When the ERP last gave this client (null: never, it was imported or typed).</summary>
    public DateTimeOffset? ErpSyncedAt { get; set; }
    /// <summary>When a full sync found the ERP no longer lists it; it stays, with its tickets.</summary>
    public DateTimeOffset? ErpRemovedAt { get; set; }
    /// <summary>The ERP's other fields the analysts see, by French label (JSON).</summary>
    public string? ErpExtra { get; set; }
}

public class Contact
{
    public int Id { get; set; }
    public int? ClientId { get; set; }
    public Client? Client { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    /// <summary>When a mail to <see cref="Email"/> last came back, and the server's reason; cleared when a later mail is
    /// sent to it or an analyst acts. A permanent failure holds Sav's automatic mails to the address.</summary>
    public DateTimeOffset? BouncedAt { get; set; }
    public string? BounceReason { get; set; }
    public bool BouncePermanent { get; set; }
}
