namespace Sav.Domain.Tickets;

public enum MilestoneKind { Closed, Reopened }

/// <summary>A closing or a reopening, one row each time it happens: reports count them per period from an index
/// on (Kind, At), so a ticket reopened twice and closed three times counts three closings.</summary>
public class TicketMilestone
{
    public long Id { get; set; }
    public int TicketId { get; set; }
    public MilestoneKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The facts a ticket keeps about its own life, recorded where its status changes, so that reports and
/// the dashboard read indexed columns instead of the conversation and the audit.</summary>
public static class TicketFacts
{
    /// <summary>Call before the ticket takes <paramref name="target"/>, with its current Status loaded.</summary>
    public static void StatusChanging(Ticket ticket, Status target, DateTimeOffset now)
    {
        var wasClosed = ticket.Status?.Category == StatusCategory.Closed;
        var isClosed = target.Category == StatusCategory.Closed;
        if (wasClosed == isClosed) return;
        ticket.ClosedAt = isClosed ? now : null;
        ticket.Milestones.Add(new TicketMilestone { Kind = isClosed ? MilestoneKind.Closed : MilestoneKind.Reopened, At = now });
    }
}
