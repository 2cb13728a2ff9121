using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sav.Domain.Satisfaction;
using Sav.Domain.Tickets;
using Sav.Tests.Gateway.Forms;
using Sav.Tests.Servers;

namespace Sav.Tests.Gateway.Satisfaction;

/// <summary>A customer clicks « Satisfait » in their closing mail, in Chromium: the page records it as it loads, then
/// takes a comment; a link with a wrong signature says so and changes nothing. Pictures at 1440×900 and 390×844.</summary>
[Collection(ChromiumCollection.Name)]
public class RatingPagesTests(Chromium chromium)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_rating_clicked_in_the_closing_mail_is_recorded_in_one_click_and_takes_a_comment(int width, int height)
    {
        await using var gateway = await GatewayHost.StartAsync(kestrel: true);
        using (var http = new HttpClient { BaseAddress = gateway.Address })
            (await http.PostAsync("/api/forms/open", new FormUrlEncodedContent(Submissions.ValidOpen()))).EnsureSuccessStatusCode();
        int ticketId;
        await using (var db = gateway.Db())
        {
            var ticket = await db.Tickets.SingleAsync();
            ticketId = ticket.Id;
            await gateway.Service<TicketActions>().CloseAsync(ticket.Id, ticket.Version, "camille@sav.local");
        }
        string mailText;
        await using (var db = gateway.Db()) mailText = await db.OutboxMessages.Where(m => m.Template == "ClosingConfirmation").Select(m => m.Text).SingleAsync();
        var satisfied = mailText.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Satisfait : ", StringComparison.Ordinal))["Satisfait : ".Length..];
        var link = new Uri(gateway.Address, new Uri(satisfied).PathAndQuery).ToString();

        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, IsMobile = width < 600, HasTouch = width < 600,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator(".thanks")).ToHaveTextAsync(
            "Merci ! Votre avis « Satisfait » est enregistré. Vous pouvez ajouter un commentaire ou changer d’avis ci-dessous.");
        await Assertions.Expect(page.GetByLabel("Satisfait", new() { Exact = true })).ToBeCheckedAsync();
        await Screenshot(page, "rate-recorded", width, height);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the page scrolls sideways");
        await using (var db = gateway.Db()) Assert.Equal(Rating.Satisfied, (await db.SatisfactionRatings.SingleAsync()).Rating);

        await page.Locator("#COMMENT").FillAsync("Réparé en deux jours, merci.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mon avis" }).ClickAsync();
        await Assertions.Expect(page.Locator(".thanks")).ToHaveTextAsync("Merci pour votre commentaire : il a été transmis à l’équipe.");
        await using (var db = gateway.Db())
        {
            var rating = await db.SatisfactionRatings.SingleAsync();
            Assert.Equal((Rating.Satisfied, "Réparé en deux jours, merci.", ticketId), (rating.Rating, rating.Comment, rating.TicketId));
        }

        // The same link with its signature altered.
        var forged = await page.GotoAsync(link.Replace("&t=", "&t=0", StringComparison.Ordinal));
        Assert.Equal(400, forged!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Lien d’avis non valide");
        await Screenshot(page, "rate-forged", width, height);
        await using (var db = gateway.Db()) Assert.Single(await db.SatisfactionRatings.ToListAsync());
    }

    private static Task Screenshot(IPage page, string name, int width, int height)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        return page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}x{height}.png"), FullPage = true });
    }
}
