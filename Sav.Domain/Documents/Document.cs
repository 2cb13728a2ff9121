using Sav.Domain.Tickets;

namespace Sav.Domain.Documents;

public enum DocumentStoreKind { Local, GoogleDrive }

public class Document
{
    public int Id { get; set; }
    public int TicketId { get; set; }
    public Ticket Ticket { get; set; } = null!;
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public DocumentStoreKind Store { get; set; }
    public string StoreId { get; set; } = "";
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? InboundMailId { get; set; }
}
