using Sav.Domain.Tickets;

namespace Sav.Tests.Domain.Tickets;

public class TicketContextTests
{
    private readonly TicketContexts _contexts = new("a-secret-of-the-tests-0123456789");

    [Fact]
    public void A_context_is_the_code_and_five_crockford_characters()
    {
        var context = _contexts.For("AT73").ToString();

        Assert.Matches("^AT73#[0-9ABCDEFGHJKMNPQRSTVWXYZ]{5}$", context);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("  {0}  ")]
    [InlineData("{0}#")]
    [InlineData(" {0}# ")]
    public void A_context_is_accepted_with_spaces_and_a_trailing_hash(string shape)
    {
        var context = _contexts.For("AT73").ToString();

        Assert.True(_contexts.TryVerify(string.Format(shape, context), out var code));
        Assert.Equal("AT73", code);
    }

    [Fact]
    public void A_context_is_accepted_in_lower_case_and_with_look_alike_letters()
    {
        var context = _contexts.For("AT73");
        var typed = $"{context.Code.ToLowerInvariant()}#{context.Control.ToLowerInvariant().Replace('0', 'o').Replace('1', 'l')}";

        Assert.True(_contexts.TryVerify(typed, out var code));
        Assert.Equal("AT73", code);
    }

    [Fact]
    public void A_forged_control_is_refused()
    {
        var real = _contexts.For("AT73");
        var forged = real.Control[0] == 'A' ? "B" + real.Control[1..] : "A" + real.Control[1..];

        Assert.False(_contexts.TryVerify($"AT73#{forged}", out _));
    }

    [Fact]
    public void The_control_of_one_ticket_does_not_open_another()
    {
        var control = _contexts.For("AT73").Control;

        Assert.False(_contexts.TryVerify($"AT74#{control}", out _));
    }

    [Fact]
    public void Another_secret_gives_other_controls()
    {
        var other = new TicketContexts("another-secret-entirely-9876543210");

        Assert.False(other.TryVerify(_contexts.For("AT73").ToString(), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AT73")]
    [InlineData("AT73#")]
    [InlineData("AT73#ABC")]
    [InlineData("AT73#ABCDEF")]
    [InlineData("A7#ABCDE")]
    [InlineData("ABCDEF#ABCDE")]
    [InlineData("AT73#ABCDE#X")]
    [InlineData("AT-3#ABCDE")]
    [InlineData("AT73#ABCDU")]
    [InlineData("<script>#ABCDE")]
    public void Malformed_text_is_not_a_context(string? text)
    {
        Assert.False(TicketContexts.TryParse(text, out _));
        Assert.False(_contexts.TryVerify(text, out _));
    }
}
