using Microsoft.EntityFrameworkCore;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

public class TicketListTests
{
    [Theory]
    [InlineData(TicketFilter.Main, true)]
    [InlineData(TicketFilter.All, true)]
    [InlineData(TicketFilter.All, false)]
    [InlineData(TicketFilter.Closed, true)]
    public async Task Pages_cross_the_status_groups_in_code_order_each_ticket_once(TicketFilter filter, bool descending)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var db = database.CreateDbContext();
        var all = await db.Tickets.AsNoTracking().Include(t => t.Status).ToListAsync();
        var expected = all.Where(t => filter switch
            {
                TicketFilter.Main => t.Status.Category != StatusCategory.Closed,
                TicketFilter.Closed => t.Status.Category == StatusCategory.Closed,
                _ => true,
            })
            .OrderBy(t => t.Status.Code, StringComparer.Ordinal)
            .ThenBy(t => descending ? -t.UpdatedAt.UtcTicks : t.UpdatedAt.UtcTicks).ThenBy(t => t.Code, StringComparer.Ordinal)
            .Select(t => t.Code).ToList();

        var seen = new List<string>();
        var total = 0;
        for (var page = 0; page < 20; page++)
        {
            var loaded = await TicketList.LoadAsync(db, new TicketListRequest { Filter = filter, PageSize = 7, Page = page, Descending = descending });
            total = loaded.Total;
            seen.AddRange(loaded.Groups.SelectMany(g => g.Rows).Select(r => r.Code));
        }

        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, seen);
    }
}
