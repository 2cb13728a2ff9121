using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Text;
using Sav.Domain.Tickets;

namespace Sav.Domain.Replies;

/// <summary>Why a change to a « réponse type » is refused (« Replies.Problem.* » in the backoffice's resources).</summary>
public enum ReplyProblem { NotFound, TitleRequired, BodyRequired, TooLong, UnknownLanguage, NoSuchBrand, SharedByAdminsOnly }

public sealed class ReplyTemplateException(ReplyProblem problem) : Exception(problem.ToString())
{
    public ReplyProblem Problem { get; } = problem;
}

/// <summary>Who is editing: their own templates are theirs, the shared ones are the administrators'.</summary>
public sealed record ReplyAuthor(int AnalystId, bool IsAdmin);

/// <summary>A template as the picker offers it.</summary>
public sealed record ReplyChoice(int Id, string Title, string Body, bool Shared, int UsageCount);

/// <summary>The rules of « réponses types »: who sees, edits and deletes which, and what the picker offers.</summary>
public static class ReplyTemplates
{
    public const int TitleLength = 100;
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    /// <summary>What <paramref name="analystId"/> may insert: the shared templates and their own.</summary>
    public static IQueryable<ReplyTemplate> Visible(SavDbContext db, int analystId) =>
        db.ReplyTemplates.Where(r => r.OwnerId == null || r.OwnerId == analystId);

    /// <summary>The templates for the ticket (in its language, for every brand or its own) whose title or text holds
    /// every word of <paramref name="term"/> (accents and case aside), the most used first. A team keeps tens of them,
    /// not thousands: they are read whole and matched here, the same way on both databases.</summary>
    public static async Task<IReadOnlyList<ReplyChoice>> OfferAsync(SavDbContext db, int analystId, int ticketId,
        string? term, int take = 10, CancellationToken cancellationToken = default)
    {
        var ticket = await db.Tickets.Where(t => t.Id == ticketId).Select(t => new { t.Language, t.BrandId })
            .SingleOrDefaultAsync(cancellationToken);
        if (ticket is null) return [];
        var (language, brandId) = (ticket.Language, ticket.BrandId);
        var rows = await Visible(db, analystId).AsNoTracking()
            .Where(r => r.Language == language && (r.BrandId == null || r.BrandId == brandId))
            .Select(r => new ReplyChoice(r.Id, r.Title, r.Body, r.OwnerId == null, r.UsageCount))
            .ToListAsync(cancellationToken);
        var words = TextKey.Fold(term ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rows.Where(r => words.All(w => TextKey.Fold(r.Title).Contains(w, StringComparison.Ordinal) || TextKey.Fold(r.Body).Contains(w, StringComparison.Ordinal)))
            .OrderByDescending(r => r.UsageCount).ThenBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase)
            .Take(take).ToList();
    }

    /// <summary>The template's text filled for the ticket, as <paramref name="analystId"/> writes it, counted as one more use.</summary>
    public static async Task<FilledReply> InsertAsync(SavDbContext db, int templateId, int ticketId, int analystId,
        CancellationToken cancellationToken = default)
    {
        var body = await Visible(db, analystId).Where(r => r.Id == templateId).Select(r => r.Body).SingleOrDefaultAsync(cancellationToken)
            ?? throw new ReplyTemplateException(ReplyProblem.NotFound);
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Client).Include(t => t.Contact).Include(t => t.Brand)
            .SingleOrDefaultAsync(t => t.Id == ticketId, cancellationToken) ?? throw new TicketActionException(TicketProblem.NoSuchTicket);
        var analyst = await db.Analysts.Where(a => a.Id == analystId).Select(a => a.DisplayName).SingleOrDefaultAsync(cancellationToken);
        var defaultBrand = await db.Brands.Where(b => b.IsDefault).Select(b => b.Name).FirstOrDefaultAsync(cancellationToken);
        await UsedAsync(db, templateId, cancellationToken);
        return ReplyPlaceholders.Fill(body, ReplyPlaceholders.For(ticket, analyst, defaultBrand));
    }

    /// <summary>One more use of the template: the picker ranks by it.</summary>
    public static Task UsedAsync(SavDbContext db, int id, CancellationToken cancellationToken = default) =>
        db.ReplyTemplates.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.UsageCount, r => r.UsageCount + 1), cancellationToken);

    /// <summary>Creates (<c>Id</c> 0) or changes a template; <paramref name="edit"/>'s <c>OwnerId</c> null shares it.</summary>
    public static async Task<ReplyTemplate> SaveAsync(SavDbContext db, ReplyTemplate edit, ReplyAuthor author, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var title = edit.Title.Trim();
        var body = edit.Body.Trim().ReplaceLineEndings("\n");
        if (title.Length == 0) throw new ReplyTemplateException(ReplyProblem.TitleRequired);
        if (body.Length == 0) throw new ReplyTemplateException(ReplyProblem.BodyRequired);
        if (title.Length > TitleLength || body.Length > Limits.Comment) throw new ReplyTemplateException(ReplyProblem.TooLong);
        if (!Languages.Contains(edit.Language)) throw new ReplyTemplateException(ReplyProblem.UnknownLanguage);
        if (edit.BrandId is { } brandId && !await db.Brands.AnyAsync(b => b.Id == brandId, cancellationToken))
            throw new ReplyTemplateException(ReplyProblem.NoSuchBrand);
        var owner = edit.OwnerId is null ? (int?)null : author.AnalystId;
        if (owner is null && !author.IsAdmin) throw new ReplyTemplateException(ReplyProblem.SharedByAdminsOnly);

        var template = edit.Id == 0 ? db.ReplyTemplates.Add(new ReplyTemplate()).Entity : await EditableAsync(db, edit.Id, author, cancellationToken);
        (template.Title, template.Body, template.Language, template.BrandId, template.OwnerId, template.UpdatedAt) =
            (title, body, edit.Language, edit.BrandId, owner, now);
        await db.SaveChangesAsync(cancellationToken);
        return template;
    }

    public static async Task DeleteAsync(SavDbContext db, int id, ReplyAuthor author, CancellationToken cancellationToken = default)
    {
        db.ReplyTemplates.Remove(await EditableAsync(db, id, author, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One's own template, or a shared one for an administrator; someone else's is not found, it is not theirs to see.</summary>
    private static async Task<ReplyTemplate> EditableAsync(SavDbContext db, int id, ReplyAuthor author, CancellationToken cancellationToken)
    {
        var template = await Visible(db, author.AnalystId).SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new ReplyTemplateException(ReplyProblem.NotFound);
        if (template.OwnerId is null && !author.IsAdmin) throw new ReplyTemplateException(ReplyProblem.SharedByAdminsOnly);
        return template;
    }
}
