using Sav.Domain.Replies;

namespace Sav.Tests.Domain.Replies;

public class ReplyPlaceholdersTests
{
    private static Dictionary<string, string?> Values(string? client = "Collège Pasteur") => new()
    {
        [ReplyPlaceholders.Client] = client, [ReplyPlaceholders.Contact] = "Marie Durand", [ReplyPlaceholders.Code] = "A1B2C3",
        [ReplyPlaceholders.Subject] = "Écran noir", [ReplyPlaceholders.Analyst] = "Camille Martin", [ReplyPlaceholders.Brand] = "Lumeo",
    };

    [Fact]
    public void Every_known_placeholder_is_filled_from_the_ticket()
    {
        var filled = ReplyPlaceholders.Fill(
            "Bonjour {{contact.nom}} ({{client.nom}}),\r\nvotre dossier {{ ticket.code }} « {{ticket.sujet}} » — {{analyste.nom}}, {{MARQUE}}", Values());

        Assert.Equal("Bonjour Marie Durand (Collège Pasteur),\nvotre dossier A1B2C3 « Écran noir » — Camille Martin, Lumeo", filled.Text);
        Assert.True(filled.Complete);
    }

    [Fact]
    public void A_mistyped_or_valueless_placeholder_stays_as_written_and_is_named()
    {
        var filled = ReplyPlaceholders.Fill("Bonjour {{contact.name}}, client {{client.nom}}, {{contact.name}}", Values(client: "  "));

        Assert.Equal("Bonjour {{contact.name}}, client {{client.nom}}, {{contact.name}}", filled.Text);
        Assert.Equal(["{{contact.name}}"], filled.Unknown);
        Assert.Equal(["{{client.nom}}"], filled.Empty);
        Assert.False(filled.Complete);
        Assert.Equal(["{{contact.name}}", "{{client.nom}}"], ReplyPlaceholders.Left(filled.Text));
    }

    [Fact]
    public void A_hostile_value_is_one_line_of_text_cut_to_a_readable_length()
    {
        var huge = "<b>Pasteur</b>\r\nBcc: victim@example.org\t" + new string('x', 10_000);

        var filled = ReplyPlaceholders.Fill("Client : {{client.nom}} !", Values(client: huge));

        var value = filled.Text["Client : ".Length..^" !".Length];
        Assert.Equal(ReplyPlaceholders.ValueLength, value.Length);
        Assert.StartsWith("<b>Pasteur</b> Bcc: victim@example.org x", value);
        Assert.EndsWith("…", value);
        Assert.DoesNotContain('\n', filled.Text);
        Assert.True(filled.Complete);
    }

    [Fact]
    public void Braces_that_are_not_a_placeholder_are_left_alone()
    {
        var filled = ReplyPlaceholders.Fill("Réf. {12} et {{\n}} et { {marque} }", Values());

        Assert.Equal("Réf. {12} et {{\n}} et { {marque} }", filled.Text);
        Assert.Empty(ReplyPlaceholders.Left("Réf. {12} et { {marque} }"));
    }
}
