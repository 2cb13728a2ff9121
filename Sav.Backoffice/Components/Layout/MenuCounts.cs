using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;

namespace Sav.Backoffice.Components.Layout;

/// <summary>The numbers beside the menu entries: open tickets, those past a response target, mails that could not be sent.</summary>
public sealed record MenuCounts(int Open, int Late, int FailedMails)
{
    public static async Task<MenuCounts> LoadAsync(SavDbContext db, Sav.Domain.Sla.SlaBoard sla, CancellationToken cancellationToken = default) => new(
        await TicketList.CountAsync(db, TicketFilter.Main, cancellationToken: cancellationToken),
        await sla.LateCountAsync(db, cancellationToken),
        await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Failed, cancellationToken));
}
