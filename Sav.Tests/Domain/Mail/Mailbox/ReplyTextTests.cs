using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>What a customer wrote in a reply, read from its HTML: character references decoded once, quotes left out.</summary>
public class ReplyTextTests
{
    [Theory]
    [InlineData("<p>Tension &lt; 5 V &amp; voyant &eacute;teint</p>", "Tension < 5 V & voyant éteint")]
    // A customer who typed « &lt; » (the mail client wrote it as « &amp;lt; ») reads « &lt; » back, not « < ».
    [InlineData("<p>Le code affich&eacute; est &amp;lt;E42&amp;gt;</p>", "Le code affiché est &lt;E42&gt;")]
    public void Character_references_are_decoded_once(string html, string text) =>
        Assert.Equal(text, ReplyText.HtmlToText(html).Trim());

    [Fact]
    public void The_quoted_message_and_what_follows_it_are_left_out()
    {
        var html = "<div>Voici la photo demandée.</div><div>Marie</div><blockquote>Le 3 déc., SAV a écrit : Pouvez-vous…</blockquote><p>après</p>";

        var text = ReplyText.HtmlToText(html);

        Assert.Contains("Voici la photo demandée.", text);
        Assert.DoesNotContain("Pouvez-vous", text);
        Assert.DoesNotContain("après", text);
    }
}
