using System.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Analysts;
using Sav.Domain.Conversations;
using Sav.Domain.Satisfaction;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

using static Sav.Tests.Domain.Tickets.TicketActionsFixture;

namespace Sav.Tests.Domain.Satisfaction;

/// <summary>The closing mail's three rating links and what each does: one rating per closing (the last one counts), a
/// forged or outdated link changes nothing, « Pas satisfait » tells the ticket's analyst once.</summary>
public class SurveyTests
{
    private sealed record Link(string Context, string Closing, string Signature, string Rating);

    private static Survey SurveyOf(Setup s) => new(s.Database, s.Services.Contexts, Options.Create(s.Services.Mail), s.Services.Clock);

    /// <summary>Closes the ticket and reads the three links of its closing mail (the text part; the HTML one must hold the same).</summary>
    private static async Task<List<Link>> CloseAsync(Setup s)
    {
        await s.Actions.CloseAsync(s.Ticket.Id, await VersionAsync(s), Actor);
        var mail = (await MailsAsync(s, "ClosingConfirmation")).OrderBy(m => m.Id).Last();
        var links = mail.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("/f/rate?")).Select(l => l[(l.IndexOf("http", StringComparison.Ordinal))..]).ToList();
        Assert.Equal(3, links.Count);
        foreach (var link in links) Assert.Contains(System.Net.WebUtility.HtmlEncode(link), mail.Html);
        return links.Select(l => HttpUtility.ParseQueryString(new Uri(l).Query)).Select(q => new Link(q["c"]!, q["n"]!, q["t"]!, q["r"]!)).ToList();
    }

    private static async Task<RatingOutcome> RateAsync(Setup s, Link link, string? comment = null, Rating? rating = null) =>
        (await SurveyOf(s).RateAsync(link.Context, link.Closing, link.Signature, rating ?? (Ratings.TryParse(link.Rating, out var r) ? r : throw new InvalidOperationException()), comment)).Outcome;

    [Fact]
    public async Task The_closing_mail_offers_three_ratings_and_the_last_one_given_counts()
    {
        await using var s = await SetupAsync();
        var links = await CloseAsync(s);
        Assert.Equal(["satisfait", "neutre", "pas-satisfait"], links.Select(l => l.Rating));
        Assert.All(links, l => Assert.Equal(s.Ticket.Context, l.Context));
        var mail = (await MailsAsync(s, "ClosingConfirmation")).Single();
        Assert.Contains("êtes-vous satisfait", mail.Text);
        Assert.Contains(">Pas satisfait</a>", mail.Html);

        Assert.Equal(RatingOutcome.Recorded, await RateAsync(s, links[1]));
        Assert.Equal(RatingOutcome.Recorded, await RateAsync(s, links[0], comment: "Réparé vite, merci."));

        await using var db = s.Database.CreateDbContext();
        var rating = await db.SatisfactionRatings.SingleAsync();
        Assert.Equal((Rating.Satisfied, "Réparé vite, merci.", s.Ticket.Id), (rating.Rating, rating.Comment, rating.TicketId));
        var ticket = await s.ReloadAsync();
        Assert.Equal(["Neutral", "Satisfied"], ticket.History.Where(h => h.Field == "Rating").OrderBy(h => h.Id).Select(h => h.After));
        Assert.Contains(ticket.Conversation, e => e.Direction == Direction.InternalNote && e.Text == "Avis du client : Satisfait\n« Réparé vite, merci. »");
        Assert.Equal(WellKnownStatus.Closed, ticket.Status.Code);
    }

    [Fact]
    public async Task A_forged_link_changes_nothing()
    {
        await using var s = await SetupAsync();
        var link = (await CloseAsync(s))[0];
        var other = await s.Services.Opener.OpenAsync(TestServices.ValidRequest("autre@example.org"), "form");

        Assert.Equal(RatingOutcome.Forged, await RateAsync(s, link with { Signature = "0123456789abcdef0123" }));
        Assert.Equal(RatingOutcome.Forged, await RateAsync(s, link with { Closing = (long.Parse(link.Closing) + 1).ToString() }));
        Assert.Equal(RatingOutcome.Forged, await RateAsync(s, link with { Context = other.Context }));
        Assert.Equal(RatingOutcome.Forged, await RateAsync(s, link with { Context = s.Ticket.Code + "#00000" }));
        Assert.Equal(RatingOutcome.Forged, await RateAsync(s, link with { Signature = "" }));

        await using var db = s.Database.CreateDbContext();
        Assert.Empty(await db.SatisfactionRatings.ToListAsync());
        Assert.DoesNotContain((await s.ReloadAsync()).History, h => h.Field == "Rating");
    }

    [Fact]
    public async Task A_link_of_a_closing_since_reopened_rates_nothing_and_the_next_closing_is_rated_apart()
    {
        await using var s = await SetupAsync();
        var first = await CloseAsync(s);
        Assert.Equal(RatingOutcome.Recorded, await RateAsync(s, first[2]));
        await s.Actions.ReopenAsync(s.Ticket.Id, await VersionAsync(s), Actor);

        Assert.Equal(RatingOutcome.Outdated, await RateAsync(s, first[0]));

        ((FakeTimeProvider)s.Services.Clock).Advance(TimeSpan.FromDays(2));
        var second = await CloseAsync(s);
        Assert.Equal(RatingOutcome.Outdated, await RateAsync(s, first[0]));
        Assert.Equal(RatingOutcome.Recorded, await RateAsync(s, second[0]));
        await using var db = s.Database.CreateDbContext();
        Assert.Equal([Rating.Unsatisfied, Rating.Satisfied], await db.SatisfactionRatings.OrderBy(r => r.ClosedAt).Select(r => r.Rating).ToListAsync());
    }

    [Fact]
    public async Task Not_satisfied_tells_the_tickets_analyst_once()
    {
        await using var s = await SetupAsync();
        int analystId;
        await using (var db = s.Database.CreateDbContext())
        {
            var analyst = db.Analysts.Add(new Analyst { Email = "lea@sav.local", DisplayName = "Léa Dubois" }).Entity;
            await db.SaveChangesAsync();
            analystId = analyst.Id;
        }
        await s.Actions.AssignAsync(s.Ticket.Id, await VersionAsync(s), analystId, Actor);
        var links = await CloseAsync(s);

        await RateAsync(s, links[2], comment: "<b>Toujours en panne</b>");
        await RateAsync(s, links[2], comment: "Toujours en panne, vraiment.");

        var told = Assert.Single(await MailsAsync(s, BadRatingMail.Template));
        Assert.Equal(("lea@sav.local", null), (told.Recipient, told.TicketId));
        Assert.Contains($"dossier {s.Ticket.Code}", told.Subject);
        Assert.Contains("<b>Toujours en panne</b>", told.Text);
        Assert.Contains("&lt;b&gt;Toujours en panne&lt;/b&gt;", told.Html);
        await using var check = s.Database.CreateDbContext();
        Assert.Equal(analystId, (await check.SatisfactionRatings.SingleAsync()).AnalystId);
    }
}
