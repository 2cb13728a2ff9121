using Sav.Domain.Tickets;

namespace Sav.Domain.Conversations;

public enum Direction { FromCustomer, ToCustomer, InternalNote }

public class ConversationEntry
{
    public int Id { get; set; }
    public int TicketId { get; set; }
    public Ticket Ticket { get; set; } = null!;
    public Direction Direction { get; set; }
    public Channel Channel { get; set; }
    public string Author { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public int? OutboxMessageId { get; set; }
    public int? InboundMailId { get; set; }
}
