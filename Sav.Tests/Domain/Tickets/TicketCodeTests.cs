using Microsoft.EntityFrameworkCore;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Tickets;

public class TicketCodeTests
{
    [Theory]
    [InlineData(0, "A000")]
    [InlineData(1, "A001")]
    [InlineData(17, "A00H")]
    [InlineData(18, "A00J")]
    [InlineData(31, "A00Z")]
    [InlineData(32, "A010")]
    [InlineData(32 * 32 * 32 * 22 - 1, "ZZZZ")]
    [InlineData(32 * 32 * 32 * 22, "10000")]
    public void Codes_are_sequential_in_crockford_base32_with_at_least_four_characters(long number, string code)
    {
        Assert.Equal(code, TicketCode.FromNumber(number));
        Assert.True(TicketCode.IsWellFormed(code));
    }

    [Fact]
    public void No_new_code_holds_a_letter_that_looks_like_a_digit()
    {
        var codes = Enumerable.Range(0, 200_000).Select(n => TicketCode.FromNumber(n * 7L));
        Assert.DoesNotContain(codes, c => c.IndexOfAny(['O', 'I', 'L', 'U']) >= 0);
    }

    [Fact]
    public void No_new_code_is_one_an_earlier_version_gave_to_its_first_400_000_tickets()
    {
        // Old codes: base 36 from "1000". A new code read in base 36 is beyond them.
        static long Base36(string code) => code.Aggregate(0L, (v, c) => v * 36 + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".IndexOf(c));
        Assert.True(Base36(TicketCode.FromNumber(0)) - 36 * 36 * 36 >= 400_000);
    }

    [Theory]
    [InlineData("1O4O", new[] { "1O4O", "1040" })]
    [InlineData(" a0il ", new[] { "A0IL", "A011" })]
    [InlineData("A0K3", new[] { "A0K3" })]
    [InlineData("A0K", new string[0])]
    public void A_typed_code_is_also_read_with_its_look_alikes_as_digits(string typed, string[] candidates) =>
        Assert.Equal(candidates, TicketCode.Candidates(typed));

    [Fact]
    public void Five_characters_cover_thirty_million_tickets()
    {
        Assert.Equal(5, TicketCode.FromNumber(30_000_000).Length);
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
