using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Replies;

/// <summary>An analyst keeps a « réponse type » of their own, then answers a customer with a shared one: found as they
/// type, filled from the ticket, sent; a mistyped placeholder is named before anything leaves. Pictures in screenshots/.</summary>
[Collection(ChromiumCollection.Name)]
public class RepliesBrowserTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_reply_template_is_inserted_in_a_question_filled_from_the_ticket_and_sent(int width, int height)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var browser = await SignedInBrowser.StartAsync(chromium, database, width, height, firstPage: "/replies");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();

        // Their own template, with a placeholder mistyped.
        await Assertions.Expect(page.Locator(".reply-row")).ToHaveCountAsync(5);
        await page.GetByTestId("reply-add").ClickAsync();
        await page.Locator("#reply-title").FillAsync("Relance pièce manquante");
        await page.Locator("#reply-body").FillAsync("Bonjour {{contact.name}}, il manque une pièce au dossier {{ticket.code}}.");
        await browser.ScreenshotAsync("replies-form");
        await page.GetByTestId("admin-save").ClickAsync();
        await Assertions.Expect(page.Locator(".reply-row")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator(".reply-row", new() { HasText = "Relance pièce manquante" }) }))
            .ToContainTextAsync("personnelle");
        await browser.ScreenshotAsync("replies");
        Assert.True(await browser.FitsWidthAsync(), "« Réponses types » scrolls sideways");

        (string Code, string Contact) ticket;
        await using (var db = database.CreateDbContext())
            ticket = await db.Tickets.Where(t => t.Status.Category == StatusCategory.Open && t.Contact != null && t.Language == "fr")
                .OrderByDescending(t => t.UpdatedAt).Select(t => ValueTuple.Create(t.Code, t.Contact!.Name)).FirstAsync();
        await page.GotoAsync($"/tickets/{ticket.Code}");
        await Assertions.Expect(page.GetByTestId("circuit-live")).ToBeAttachedAsync();
        if (width < 600) await OpenSheetAsync(page);

        // A shared one, found by a word of its title.
        var question = page.GetByTestId("question");
        await PickAsync(page, question, "photos", "Demande de photos");
        var text = question.Locator("textarea");
        await Assertions.Expect(text).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(
            $"^Bonjour {System.Text.RegularExpressions.Regex.Escape(ticket.Contact)},\\n\\nPour avancer sur votre dossier {ticket.Code}, "));
        await Assertions.Expect(text).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Camille Martin — Service après-vente "));
        await Assertions.Expect(question.GetByTestId("reply-unfilled")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("ticket-reply-inserted");
        await question.GetByTestId("ask").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("c20. Attente précisions Demandeur");
        await Assertions.Expect(page.Locator(".conversation-entry", new() { HasText = $"Pour avancer sur votre dossier {ticket.Code}" })).ToHaveCountAsync(1);

        // Their own, whose placeholder is unknown: named at once, refused at sending, never mailed.
        if (width < 600) await OpenSheetAsync(page);
        await PickAsync(page, question, "relance", "Relance pièce manquante");
        await Assertions.Expect(question.Locator("textarea")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("il manque une pièce"));
        await Assertions.Expect(question.GetByTestId("reply-unfilled")).ToContainTextAsync("À compléter avant l’envoi : {{contact.name}}");
        await question.GetByTestId("ask").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error")).ToContainTextAsync("le texte contient encore {{contact.name}} : remplacez-le avant l’envoi");
        await browser.ScreenshotAsync("ticket-reply-unfilled");
        Assert.True(await browser.FitsWidthAsync(), "the ticket page scrolls sideways");

        await using (var db = database.CreateDbContext())
        {
            var sent = await db.OutboxMessages.Where(m => m.Template == "Question" && m.Ticket!.Code == ticket.Code).Select(m => m.Text).ToListAsync();
            Assert.Contains($"> Pour avancer sur votre dossier {ticket.Code}, pourriez-vous", Assert.Single(sent));
            Assert.DoesNotContain(sent, m => m.Contains("{{"));
            Assert.Equal(1, await db.ReplyTemplates.Where(r => r.Title == "Demande de photos").Select(r => r.UsageCount).SingleAsync());
            var written = await db.ConversationEntries.Where(e => e.Ticket.Code == ticket.Code && e.Direction == Direction.ToCustomer)
                .Select(e => e.Text).ToListAsync();
            Assert.Single(written, t => t.Contains("Pour avancer sur votre dossier"));
            Assert.DoesNotContain(written, t => t.Contains("{{"));
        }
    }

    /// <summary>On a phone, the actions' sheet, measured once it has slid all the way in.</summary>
    private static async Task OpenSheetAsync(IPage page)
    {
        await page.GetByTestId("actions-open").TapAsync();
        await Assertions.Expect(page.GetByTestId("actions-sheet")).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    /// <summary>Types in the picker and picks the one template its words find, once the list shows only it.</summary>
    private static async Task PickAsync(IPage page, ILocator question, string words, string title)
    {
        await question.Locator("#reply-pick-question").FillAsync(words);
        var choices = page.Locator(".mud-popover-open .reply-choice");
        await Assertions.Expect(choices).ToHaveCountAsync(1);
        await Assertions.Expect(choices).ToContainTextAsync(title);
        await choices.ClickAsync();
    }
}
