using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Satisfaction;
using Sav.Domain.Tickets;
using Sav.Gateway.Protection;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary><c>/f/rate</c>: the three links of a closing mail lead here. Opening the link records nothing (a mail
/// scanner opens every link of a mail); the page sends the rating clicked as it loads, and a comment after.</summary>
public static class RatingPages
{
    public static RouteGroupBuilder MapRatings(this RouteGroupBuilder pages)
    {
        pages.MapGet("/rate", ShowAsync);
        pages.MapPost("/rate", RateAsync).RequireRateLimiting(RateLimits.PerAddress);
        return pages;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, Survey survey, IDbContextFactory<SavDbContext> dbFactory,
        [FromServices] TicketContexts contexts, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var (outcome, link) = await survey.CheckAsync(query["c"], query["n"], query["t"], cancellationToken);
        var chosen = Ratings.TryParse(query["r"], out var rating) ? rating : (Rating?)null;
        return await AnswerAsync(http, dbFactory, contexts, antiforgery, outcome, link, query["t"].ToString(), chosen,
            recorded: null, commentSent: false, autoSubmit: chosen is not null);
    }

    private static async Task<IResult> RateAsync(HttpContext http, Survey survey, IDbContextFactory<SavDbContext> dbFactory,
        [FromServices] TicketContexts contexts, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var fallback = await PublicForms.BrandAsync(dbFactory, null);
        var (fields, refusal) = await PublicForms.ReadAsync(http, antiforgery, fallback, [fallback?.Language], cancellationToken);
        if (refusal is not null) return refusal;
        var (context, closing, signature, comment) = (fields!["CONTEXT"], fields["CLOSING"], fields["SIGNATURE"], fields["COMMENT"]);
        if (!Ratings.TryParse(fields["RATING"], out var rating))
        {
            // No rating ticked (the page's button pressed alone): the page again, nothing recorded.
            var (checkedOutcome, checkedLink) = await survey.CheckAsync(context, closing, signature, cancellationToken);
            return await AnswerAsync(http, dbFactory, contexts, antiforgery, checkedOutcome, checkedLink, signature ?? "", null, null, false, false);
        }
        var (outcome, link) = await survey.RateAsync(context, closing, signature, rating, comment, cancellationToken);
        return await AnswerAsync(http, dbFactory, contexts, antiforgery, outcome, link, signature ?? "", rating,
            recorded: rating, commentSent: !string.IsNullOrWhiteSpace(comment), autoSubmit: false);
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, IDbContextFactory<SavDbContext> dbFactory, TicketContexts contexts,
        IAntiforgery antiforgery, RatingOutcome outcome, RatingLink? link, string signature, Rating? chosen, Rating? recorded,
        bool commentSent, bool autoSubmit)
    {
        var (brand, language) = await PublicForms.TicketBrandAsync(dbFactory, contexts, link?.Context);
        var text = PageText.Pick(PublicForms.Asked(http), language, brand?.Language);
        return outcome switch
        {
            RatingOutcome.Forged => PublicForms.MessagePage(StatusCodes.Status400BadRequest, brand, text, text.RateForgedTitle, text.RateForgedMessage),
            RatingOutcome.Outdated => PublicForms.MessagePage(StatusCodes.Status409Conflict, brand, text, text.RateOutdatedTitle, text.RateOutdatedMessage),
            _ => Page<RatePage>(StatusCodes.Status200OK, new
            {
                Form = new FormState(text, null, _ => null), Brand = brand, Link = link!, Signature = signature, Chosen = chosen,
                Recorded = recorded, CommentSent = commentSent, AutoSubmit = autoSubmit, Tokens = antiforgery.GetAndStoreTokens(http),
            }),
        };
    }
}
