using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Sla;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Data;

/// <summary>`seed-demo --tickets N`, the benchmarks' bulk path, writes its tickets as Sav keeps them: each opened under the
/// demo's response target carries it, a closed one has no running deadline, a waiting one is paused.</summary>
public class BulkDemoDataTests
{
    [Fact]
    public async Task Bulk_tickets_carry_the_demo_target_as_the_rules_keep_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
            Assert.True(await BulkDemoData.SeedAsync(db, TimeProvider.System, 400));

        await using var check = database.CreateDbContext();
        var target = await check.SlaTargets.SingleAsync();
        var tickets = await check.Tickets.AsNoTracking().Include(t => t.Status).ToListAsync();
        Assert.Equal(400, tickets.Count);
        var under = tickets.Where(t => target.InForceAt(t.CreatedAt)).ToList();
        Assert.NotEmpty(under);
        Assert.All(under, t => Assert.Equal((target.Id, SlaPolicy.Dues(target, t.CreatedAt, WorkingCalendar.Default).AnswerDueAt),
            (t.SlaTargetId!.Value, t.AnswerDueAt)));
        Assert.All(tickets.Where(t => !target.InForceAt(t.CreatedAt)), t => Assert.Null(t.SlaTargetId));
        Assert.All(under.Where(t => t.ClosedAt is not null), t => Assert.Null(t.SlaDueAt));
        var waiting = under.Where(t => t.Status.Category is StatusCategory.WaitingOnCustomer or StatusCategory.WaitingOnThirdParty).ToList();
        Assert.All(waiting, t => Assert.Equal((t.UpdatedAt, (DateTimeOffset?)null), (t.SlaPausedAt!.Value, t.SlaDueAt)));
        Assert.Contains(under, t => t.ClosedAt is null && t.SlaPausedAt is null && t.SlaDueAt is not null);
    }
}
