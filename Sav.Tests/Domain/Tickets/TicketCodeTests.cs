using Microsoft.EntityFrameworkCore;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

public class TicketCodeTests
{
    [Theory]
    [InlineData(0, "1000")]
    [InlineData(1, "1001")]
    [InlineData(35, "100Z")]
    [InlineData(36, "1010")]
    [InlineData(36 * 36 * 36 * 35 - 1, "ZZZZ")]
    [InlineData(36 * 36 * 36 * 35, "10000")]
    public void Codes_are_sequential_base36_with_at_least_four_characters(long number, string code)
    {
        Assert.Equal(code, TicketCode.FromNumber(number));
        Assert.True(TicketCode.IsWellFormed(code));
    }

    [Fact]
    public void Five_characters_cover_sixty_million_tickets()
    {
        Assert.Equal(5, TicketCode.FromNumber(60_000_000).Length);
    }

    [Fact]
    public async Task Tickets_opened_at_the_same_time_never_share_a_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);

        var opened = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            services.Opener.OpenAsync(TestServices.ValidRequest($"client{i}@example.com"), "test"))));

        Assert.Equal(40, opened.Select(o => o.Code).Distinct().Count());
        await using var db = database.CreateDbContext();
        Assert.Equal(40, await db.Tickets.Select(t => t.Code).Distinct().CountAsync());
    }
}
