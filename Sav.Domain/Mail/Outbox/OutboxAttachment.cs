namespace Sav.Domain.Mail.Outbox;

/// <summary>A file a mail of the outbox carries (a report's CSV), kept with the mail until it is sent.</summary>
public class OutboxAttachment
{
    public int Id { get; set; }
    public int OutboxMessageId { get; set; }
    public string FileName { get; set; } = "";
    public string MediaType { get; set; } = "application/octet-stream";
    public byte[] Content { get; set; } = [];
}
