using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;

namespace Sav.Backoffice.Components.Layout;

/// <summary>The numbers beside the menu entries: open tickets and mails that could not be sent.</summary>
public sealed record MenuCounts(int Open, int FailedMails)
{
    public static async Task<MenuCounts> LoadAsync(SavDbContext db, CancellationToken cancellationToken = default) => new(
        await TicketList.CountAsync(db, TicketFilter.Main, cancellationToken: cancellationToken),
        await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Failed, cancellationToken));
}
