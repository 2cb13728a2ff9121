using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

/// <summary>A ticket opened from a form, and the actions on it, for the tests of <see cref="TicketActions"/>.</summary>
internal static class TicketActionsFixture
{
    public const string Actor = "camille@sav.local";

    public sealed record Setup(TestDatabase Database, TestServices Services, TicketActions Actions, OpenedTicket Ticket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();

        public async Task<Ticket> ReloadAsync()
        {
            await using var db = Database.CreateDbContext();
            return await db.Tickets.Include(t => t.Status).Include(t => t.Analyst).Include(t => t.Client).Include(t => t.Contact)
                .Include(t => t.History).Include(t => t.Conversation).Include(t => t.ProductFamily).Include(t => t.Product)
                .AsSplitQuery().SingleAsync(t => t.Id == Ticket.Id);
        }
    }

    public static async Task<Setup> SetupAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        return new Setup(database, services, new TicketActions(database, services.Composer, services.Clock), opened);
    }

    public static async Task<int> VersionAsync(Setup s) => (await s.ReloadAsync()).Version;

    public static async Task<List<OutboxMessage>> MailsAsync(Setup s, string template)
    {
        await using var db = s.Database.CreateDbContext();
        return await db.OutboxMessages.Where(m => m.Template == template).ToListAsync();
    }
}
