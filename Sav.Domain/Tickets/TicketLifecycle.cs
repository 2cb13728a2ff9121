using Microsoft.EntityFrameworkCore;
using Sav.Domain.Audit;
using Sav.Domain.Data;

namespace Sav.Domain.Tickets;

public enum TicketEvent { Opened, CustomerAnswered, AnalystAsked, CloseRequested, Reopened, DocumentAdded }

/// <summary>The one place that knows which status each event leads to.</summary>
public static class TicketLifecycle
{
    /// <summary>The status code an event leads to from a status category, or null when it changes nothing.</summary>
    public static string? Target(TicketEvent ticketEvent, StatusCategory? current) => ticketEvent switch
    {
        TicketEvent.Opened => WellKnownStatus.New,
        TicketEvent.CustomerAnswered or TicketEvent.DocumentAdded => WellKnownStatus.ActionRequired,
        TicketEvent.AnalystAsked => WellKnownStatus.WaitingOnCustomer,
        TicketEvent.CloseRequested => current == StatusCategory.Closed ? null : WellKnownStatus.Closed,
        TicketEvent.Reopened => current == StatusCategory.Closed ? WellKnownStatus.ActionRequired : null,
        _ => throw new ArgumentOutOfRangeException(nameof(ticketEvent)),
    };

    /// <summary>Moves the ticket (its Status loaded) and records the change; returns whether it moved.</summary>
    public static async Task<bool> ApplyAsync(SavDbContext db, Ticket ticket, TicketEvent ticketEvent, string actor,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var current = ticket.Status?.Category;
        var targetCode = Target(ticketEvent, ticketEvent == TicketEvent.Opened ? null : current);
        ticket.UpdatedAt = now;
        if (targetCode is null || targetCode == ticket.Status?.Code) return false;

        var target = await db.Statuses.SingleAsync(s => s.Code == targetCode, cancellationToken);
        Move(ticket, target, ticketEvent, actor, now);
        return true;
    }

    /// <summary>Moves the ticket to <paramref name="target"/>, already at hand, and records the change.</summary>
    public static void Move(Ticket ticket, Status target, TicketEvent ticketEvent, string actor, DateTimeOffset now)
    {
        ticket.UpdatedAt = now;
        ticket.History.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Field = "Status",
            Before = ticket.Status?.Display,
            After = target.Display,
            Reason = ticketEvent.ToString(),
        });
        TicketFacts.StatusChanging(ticket, target, now);
        ticket.Status = target;
        ticket.StatusId = target.Id;
    }
}
