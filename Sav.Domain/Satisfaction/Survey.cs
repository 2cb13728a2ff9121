using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Audit;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail;
using Sav.Domain.Tickets;

namespace Sav.Domain.Satisfaction;

/// <summary>What became of a rating link.</summary>
public enum RatingOutcome
{
    /// <summary>Recorded (or the earlier rating of this closing replaced).</summary>
    Recorded,
    /// <summary>The context or the signature is wrong: nothing changes.</summary>
    Forged,
    /// <summary>The link is for a closing that is no longer the ticket's (reopened since, or closed again): nothing changes.</summary>
    Outdated,
}

/// <summary>A rating link's ticket, checked: its code, the closing it rates, its language.</summary>
public sealed record RatingLink(string Code, long Closing, string Language, string Context);

/// <summary>The customer satisfaction survey: the three links of a closing mail, each carrying the ticket's context, the
/// closing it rates and a signature of both, and what a rating changes: the rating of that closing (the last one counts),
/// a line in the ticket's history and a note analysts read, and for « Pas satisfait » a mail to the ticket's analyst.</summary>
public sealed class Survey(IDbContextFactory<SavDbContext> dbFactory, TicketContexts contexts, IOptions<MailOptions> mail, TimeProvider clock)
{
    /// <summary>The three links for a closing mail: <c>{forms}/f/rate?c=CONTEXT&amp;n=CLOSING&amp;r=RATING&amp;t=SIGNATURE</c>.</summary>
    public static IReadOnlyList<(Rating Rating, string Url)> Links(TicketContexts contexts, string formsUrl, string code, DateTimeOffset closedAt)
    {
        var closing = closedAt.ToUnixTimeMilliseconds();
        var query = $"c={Uri.EscapeDataString(contexts.For(code).ToString())}&n={closing}&t={contexts.Sign(Purpose(code, closing))}";
        return Enum.GetValues<Rating>().Select(r => (r, $"{formsUrl.TrimEnd('/')}/f/rate?{query}&r={r.Slug()}")).ToList();
    }

    private static string Purpose(string code, long closing) => $"rate|{code}|{closing}";

    /// <summary>The ticket a link rates, when its context and signature check out and the closing is still the ticket's.</summary>
    public async Task<(RatingOutcome Outcome, RatingLink? Link)> CheckAsync(string? context, string? closing, string? signature,
        CancellationToken cancellationToken = default)
    {
        if (!contexts.TryVerify(context, out var code) || !long.TryParse(closing, out var closedAt)
            || !contexts.Verify(Purpose(code, closedAt), signature))
            return (RatingOutcome.Forged, null);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Code == code)
            .Select(t => new { t.ClosedAt, t.Language }).SingleOrDefaultAsync(cancellationToken);
        if (ticket is null) return (RatingOutcome.Forged, null);
        var link = new RatingLink(code, closedAt, ticket.Language, contexts.For(code).ToString());
        return (ticket.ClosedAt?.ToUnixTimeMilliseconds() == closedAt ? RatingOutcome.Recorded : RatingOutcome.Outdated, link);
    }

    /// <summary>Records <paramref name="rating"/> (and the comment, if any) for the link's closing; the link's ticket, when
    /// the context and signature check out.</summary>
    public async Task<(RatingOutcome Outcome, RatingLink? Link)> RateAsync(string? context, string? closing, string? signature, Rating rating, string? comment,
        CancellationToken cancellationToken = default)
    {
        var (outcome, link) = await CheckAsync(context, closing, signature, cancellationToken);
        if (outcome != RatingOutcome.Recorded) return (outcome, link);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment?.Length > Limits.Comment) comment = comment[..Limits.Comment];

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ticket = await db.Tickets.Include(t => t.Analyst).Include(t => t.Brand).SingleAsync(t => t.Code == link!.Code, cancellationToken);
        // Checked again inside the transaction: reopened between the check and now, it rates nothing.
        if (ticket.ClosedAt?.ToUnixTimeMilliseconds() != link!.Closing) return (RatingOutcome.Outdated, link);
        var now = clock.GetUtcNow();
        var row = await db.SatisfactionRatings.SingleOrDefaultAsync(r => r.TicketId == ticket.Id && r.ClosedAt == ticket.ClosedAt, cancellationToken);
        var before = row?.Rating;
        if (row is null) db.SatisfactionRatings.Add(row = new SatisfactionRating { TicketId = ticket.Id, ClosedAt = ticket.ClosedAt.Value });
        var changed = before != rating || (comment is not null && comment != row.Comment);
        (row.Rating, row.At, row.AnalystId) = (rating, now, ticket.AnalystId);
        if (comment is not null) row.Comment = comment;
        if (changed)
        {
            ticket.History.Add(new AuditEntry { At = now, Actor = "Client", Field = "Rating", Before = before?.ToString(), After = rating.ToString() });
            ticket.Conversation.Add(new ConversationEntry
            {
                Direction = Direction.InternalNote, Channel = Channel.Form, Author = "Client", At = now,
                Text = $"Avis du client : {rating.Label("fr")}" + (row.Comment is { } said ? $"\n« {said} »" : ""),
            });
            if (rating == Rating.Unsatisfied && before != Rating.Unsatisfied && ticket.Analyst is { Active: true } analyst)
                db.OutboxMessages.Add(BadRatingMail.For(ticket, analyst, row.Comment, mail.Value, now));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (RatingOutcome.Recorded, link);
    }
}
