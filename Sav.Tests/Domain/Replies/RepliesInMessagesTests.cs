using Microsoft.EntityFrameworkCore;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Replies;
using Sav.Domain.Tickets;

using static Sav.Tests.Domain.Tickets.TicketActionsFixture;

namespace Sav.Tests.Domain.Replies;

/// <summary>A « réponse type » in what the customer receives: hostile values stay text in both parts of the mail, a
/// placeholder left unfilled is never mailed, a closing message goes with the closing.</summary>
public class RepliesInMessagesTests
{
    private const string Hostile = "<script>alert('x')</script>\r\nBcc: victim@example.org ";

    private static async Task<string> FillAsync(Setup s, string body)
    {
        await using var db = s.Database.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Client).Include(t => t.Contact).Include(t => t.Brand).SingleAsync(t => t.Id == s.Ticket.Id);
        return ReplyPlaceholders.Fill(body, ReplyPlaceholders.For(ticket, "Camille", "Sav")).Text;
    }

    [Fact]
    public async Task A_hostile_client_name_reaches_both_parts_of_the_mail_as_one_line_of_text()
    {
        await using var s = await SetupAsync();
        await using (var db = s.Database.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == s.Ticket.Id);
            ticket.Client = new Client { Name = Hostile + new string('é', 10_000) };
            await db.SaveChangesAsync();
        }
        var question = await FillAsync(s, "Bonjour,\nle client {{client.nom}} a-t-il la facture ?");

        await s.Actions.AskAsync(s.Ticket.Id, question, Actor);

        var mail = Assert.Single(await MailsAsync(s, "Question"));
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Bcc: victim@example.org éé", mail.Html);
        Assert.DoesNotContain("<script>", mail.Html);
        Assert.Contains("> le client <script>alert('x')</script> Bcc: victim@example.org éé", mail.Text);
        Assert.Contains("…", mail.Text);
        Assert.True(mail.Text.Length < 10_000, "the 10,000-character name went into the mail whole");
        Assert.DoesNotContain("Bcc", mail.Subject);
        Assert.Equal("marie.durand@college-pasteur.example", mail.Recipient);
    }

    [Fact]
    public async Task A_placeholder_left_in_a_question_is_refused_and_nothing_is_written()
    {
        await using var s = await SetupAsync();
        var before = await s.ReloadAsync();
        var question = await FillAsync(s, "Bonjour {{contact.name}}, pouvez-vous envoyer la facture ?");

        var refused = await Assert.ThrowsAsync<TicketActionException>(() => s.Actions.AskAsync(s.Ticket.Id, question, Actor));

        Assert.Equal((TicketProblem.PlaceholderLeft, "{{contact.name}}"), (refused.Problem, refused.Subject));
        var after = await s.ReloadAsync();
        Assert.Equal((before.Version, before.Status.Code), (after.Version, after.Status.Code));
        Assert.DoesNotContain(after.Conversation, e => e.Direction == Direction.ToCustomer);
        Assert.Empty(await MailsAsync(s, "Question"));
        await Assert.ThrowsAsync<TicketActionException>(() => s.Actions.AddNoteAsync(s.Ticket.Id, "Rappeler {{client.nom}}", Actor));
        await Assert.ThrowsAsync<TicketActionException>(() => s.Actions.CloseAsync(s.Ticket.Id, after.Version, Actor, message: "Merci {{marque }}"));
        Assert.Equal(after.Version, (await s.ReloadAsync()).Version);
    }

    [Fact]
    public async Task A_closing_message_is_kept_in_the_conversation_and_quoted_in_the_closing_mail()
    {
        await using var s = await SetupAsync();
        var message = await FillAsync(s, "Votre écran a été remplacé.\nMerci {{contact.nom}} !");

        await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor, notifyCustomer: true, message: message);

        var ticket = await s.ReloadAsync();
        Assert.Equal(WellKnownStatus.Closed, ticket.Status.Code);
        var entry = Assert.Single(ticket.Conversation, e => e.Direction == Direction.ToCustomer);
        Assert.Equal(("Votre écran a été remplacé.\nMerci Marie Durand !", Actor), (entry.Text, entry.Author));
        var mail = Assert.Single(await MailsAsync(s, "ClosingConfirmation"));
        Assert.Contains("> Votre écran a été remplacé.\n> Merci Marie Durand !", mail.Text.ReplaceLineEndings("\n"));
        Assert.True(mail.Html.Contains("Votre écran a été remplacé.<br>Merci Marie Durand !</blockquote>"), mail.Html);
    }
}
