namespace Sav.Domain.Audit;

/// <summary>Who changed what on a ticket, when, and why.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public int TicketId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Field { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Reason { get; set; }
}
