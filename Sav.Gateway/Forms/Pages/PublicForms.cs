using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Data;
using Sav.Domain.Journal;
using Sav.Domain.Documents;
using Sav.Domain.Text;
using Sav.Domain.Tickets;
using Sav.Gateway.Protection;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>The gateway's own public forms, the ones the mail buttons point at: <c>/f/{brand}/open</c>
/// and <c>/f/{status|close|reopen|answer}?c=CONTEXT</c>. Plain HTML; one small script shows a slow upload's progress
/// (<see cref="FormScript"/>), and the forms work without it.</summary>
public static class PublicForms
{
    public const string Honeypot = "website";

    public static IEndpointRouteBuilder MapPublicForms(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/f");
        pages.MapGet("/{brand}/style.css", StyleAsync);
        pages.MapGet("/{brand}/" + FormScript.Path, (HttpResponse response) =>
        {
            response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Text(FormScript.Source, "text/javascript; charset=utf-8");
        });
        pages.MapGet("/{brand}/open", OpenFormAsync);
        pages.MapPost("/{brand}/open", SubmitOpenAsync).RequireRateLimiting(RateLimits.PerAddress);
        pages.MapRatings();
        pages.MapGet("/{kind}", ContextFormAsync);
        pages.MapPost("/{kind}", SubmitContextAsync).RequireRateLimiting(RateLimits.PerAddress);
        return app;
    }

    private static async Task<IResult> StyleAsync(string brand, IDbContextFactory<SavDbContext> dbFactory, HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Text(Css(await BrandAsync(dbFactory, brand)), "text/css; charset=utf-8");
    }

    private static async Task<IResult> OpenFormAsync(string brand, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, TicketDocuments documents)
    {
        var found = await BrandAsync(dbFactory, brand, exact: true);
        if (found is null) return NotFoundPage(null, PageText.Pick(Asked(http)));
        var text = PageText.Pick(Asked(http), found.Language);
        var families = await FamiliesAsync(dbFactory, text.Language);
        return OpenFormPage(StatusCodes.Status200OK, found, new FormState(text, null, _ => null), families, documents, antiforgery.GetAndStoreTokens(http));
    }

    private static async Task<IResult> SubmitOpenAsync(string brand, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, TicketDocuments documents, FormSubmissions submissions, CancellationToken cancellationToken)
    {
        var found = await BrandAsync(dbFactory, brand, exact: true);
        if (found is null) return NotFoundPage(null, PageText.Pick(Asked(http)));
        var (fields, refusal) = await ReadAsync(http, antiforgery, found, [found.Language], cancellationToken);
        if (refusal is not null) return refusal;
        var text = PageText.Pick(fields![PageText.Field], Asked(http), found.Language);
        if (!string.IsNullOrEmpty(fields[Honeypot])) return Thanks(found, text, FormKind.Open, context: null);
        fields.Set("BRAND", found.Code);

        CultureInfo.CurrentUICulture = text.Culture;
        var outcome = await submissions.SubmitAsync(FormKind.Open, fields, cancellationToken, text);
        if (outcome is SubmissionOutcome.Accepted accepted) return Thanks(found, text, FormKind.Open, accepted.Context, accepted.Deferred);
        if (outcome is SubmissionOutcome.RateLimited limited) return TooManyPage(http, found, text, limited.RetryAfter);
        if (outcome is SubmissionOutcome.Unavailable unavailable) return UnavailablePage(http, found, text, unavailable.RetryAfter);
        var (status, errors) = outcome switch
        {
            SubmissionOutcome.Invalid invalid => (StatusCodes.Status400BadRequest, invalid.Errors),
            SubmissionOutcome.TooLarge tooLarge => (StatusCodes.Status413PayloadTooLarge,
                new Dictionary<string, string[]> { ["FILES"] = [tooLarge.Detail] }),
            _ => throw new InvalidOperationException($"An opening cannot end as {outcome}."),
        };
        return OpenFormPage(status, found, new FormState(text, errors, n => fields[n]), await FamiliesAsync(dbFactory, text.Language), documents,
            antiforgery.GetAndStoreTokens(http));
    }

    private static async Task<IResult> ContextFormAsync(string kind, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, [FromServices] TicketContexts contexts, [FromQuery(Name = "c")] string? context)
    {
        if (!FormKinds.TryParse(kind, out var formKind)) return NotFoundPage(null, PageText.Pick(Asked(http)));
        if (formKind == FormKind.Open)
            return TypedResults.Redirect($"/f/{Uri.EscapeDataString((await BrandAsync(dbFactory, null))?.Code ?? "sav")}/open"
                + (PageText.For(Asked(http)) is { } asked ? $"?{PageText.Field}={asked.Language}" : ""));
        var (brand, language) = await TicketBrandAsync(dbFactory, contexts, context);
        var text = PageText.Pick(Asked(http), language, brand?.Language);
        return ContextFormPage(StatusCodes.Status200OK, brand, new FormState(text, null, n => n == "CONTEXT" ? context : null), formKind,
            antiforgery.GetAndStoreTokens(http), contextReadOnly: TicketContexts.TryParse(context, out _));
    }

    private static async Task<IResult> SubmitContextAsync(string kind, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, [FromServices] TicketContexts contexts, FormSubmissions submissions, CancellationToken cancellationToken)
    {
        if (!FormKinds.TryParse(kind, out var formKind) || formKind == FormKind.Open) return NotFoundPage(null, PageText.Pick(Asked(http)));
        var fallback = await BrandAsync(dbFactory, null);
        var (fields, refusal) = await ReadAsync(http, antiforgery, fallback, [fallback?.Language], cancellationToken);
        if (refusal is not null) return refusal;
        var (ticketBrand, language) = await TicketBrandAsync(dbFactory, contexts, fields!["CONTEXT"]);
        var brand = ticketBrand ?? fallback;
        var text = PageText.Pick(fields[PageText.Field], Asked(http), language, brand?.Language);
        if (!string.IsNullOrEmpty(fields[Honeypot])) return Thanks(brand, text, formKind, context: null);

        CultureInfo.CurrentUICulture = text.Culture;
        var outcome = await submissions.SubmitAsync(formKind, fields, cancellationToken, text);
        IResult Again(int status, IDictionary<string, string[]> errors) => ContextFormPage(status, brand, new FormState(text, errors, n => fields[n]),
            formKind, antiforgery.GetAndStoreTokens(http), contextReadOnly: false);
        return outcome switch
        {
            SubmissionOutcome.Accepted accepted => Thanks(brand, text, formKind, accepted.Context, accepted.Deferred),
            SubmissionOutcome.Invalid invalid => Again(StatusCodes.Status400BadRequest, invalid.Errors),
            SubmissionOutcome.RateLimited limited => TooManyPage(http, brand, text, limited.RetryAfter),
            SubmissionOutcome.Unavailable unavailable => UnavailablePage(http, brand, text, unavailable.RetryAfter),
            _ => Again(StatusCodes.Status404NotFound, new Dictionary<string, string[]> { ["CONTEXT"] = [text.UnknownContext] }),
        };
    }

    /// <summary>Reads the body and checks the antiforgery token; a refusal is the page to answer instead.</summary>
    /// <remarks>The refusal speaks the form's language when the body could be read, else the query's or the fallbacks'.</remarks>
    internal static async Task<(FormFields? Fields, IResult? Refusal)> ReadAsync(HttpContext http, IAntiforgery antiforgery, Brand? brand,
        string?[] fallbackLanguages, CancellationToken cancellationToken)
    {
        var text = PageText.Pick([Asked(http), .. fallbackLanguages]);
        try
        {
            var fields = await FormFields.ReadAsync(http.Request, cancellationToken);
            text = PageText.Pick([fields[PageText.Field], Asked(http), .. fallbackLanguages]);
            if (!http.Request.HasFormContentType)
                return (null, MessagePage(StatusCodes.Status415UnsupportedMediaType, brand, text, text.UnreadableTitle, text.SendFromPage));
            await antiforgery.ValidateRequestAsync(http);
            return (fields, null);
        }
        catch (BadSubmissionException e)
        {
            return (null, MessagePage(e.Status, brand, text, text.UnreadableTitle, e.Message));
        }
        catch (BodyTooLargeException)
        {
            return (null, MessagePage(StatusCodes.Status413PayloadTooLarge, brand, text, text.TooLargeTitle, text.TooLargeMessage));
        }
        catch (AntiforgeryValidationException)
        {
            return (null, MessagePage(StatusCodes.Status400BadRequest, brand, text, text.ExpiredTitle, text.ExpiredMessage));
        }
    }

    /// <summary>The families each database (by its factory: one per host) last gave.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDbContextFactory<SavDbContext>, List<ProductFamily>> LastFamilies = new();

    /// <summary>The language the address asks for (<c>?lang=en</c>), if any.</summary>
    internal static string? Asked(HttpContext http) => http.Request.Query[PageText.Field].FirstOrDefault();

    internal static Task<Brand?> BrandAsync(IDbContextFactory<SavDbContext> dbFactory, string? code, bool exact = false) =>
        BrandDirectory.FindAsync(dbFactory, code, exact);

    /// <summary>The brand and language of the ticket a context names, once its control is checked;
    /// the default brand and no language otherwise.</summary>
    internal static async Task<(Brand? Brand, string? Language)> TicketBrandAsync(IDbContextFactory<SavDbContext> dbFactory,
        TicketContexts contexts, string? context)
    {
        if (contexts.TryVerify(context, out var code))
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                var ticket = await db.Tickets.AsNoTracking().Where(t => t.Code == code)
                    .Select(t => new { t.Brand, t.Language }).FirstOrDefaultAsync();
                if (ticket is not null) return (ticket.Brand ?? await BrandAsync(dbFactory, null), ticket.Language);
            }
            catch (Exception e) when (DatabaseFailure.IsUnavailable(e))
            {
                // The database is away: the default brand, as last read, and the submission goes to the journal.
            }
        }
        return (await BrandAsync(dbFactory, null), null);
    }

    /// <summary>The active families as the page's language names them (the French name where no English one is set),
    /// each with its active products.</summary>
    /// <remarks>While the database is away, the families as last read (the form still opens, its submission goes to the
    /// journal); none when it was never read.</remarks>
    private static async Task<IReadOnlyList<(string Family, IReadOnlyList<string> Products)>> FamiliesAsync(IDbContextFactory<SavDbContext> dbFactory, string language)
    {
        List<ProductFamily> families;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            families = await db.ProductFamilies.AsNoTracking().Include(f => f.Products.Where(p => p.Active)).Where(f => f.Active)
                .OrderBy(f => f.Order).ThenBy(f => f.Name).ToListAsync();
            LastFamilies.AddOrUpdate(dbFactory, families);
        }
        catch (Exception e) when (DatabaseFailure.IsUnavailable(e))
        {
            families = LastFamilies.TryGetValue(dbFactory, out var known) ? known : [];
        }
        return families.Select(f => (f.NameIn(language), (IReadOnlyList<string>)f.Products.Select(p => p.NameIn(language)).Order().ToList())).ToList();
    }

    public static IResult MessagePage(int status, Brand? brand, PageText text, string title, string message) =>
        Page<MessagePage>(status, new { Text = text, Brand = brand, Title = title, Message = message });

    private static IResult Thanks(Brand? brand, PageText text, FormKind kind, string? context, bool deferred = false) =>
        Page<ThanksPage>(StatusCodes.Status200OK, new { Text = text, Brand = brand, Kind = kind, Context = context, Deferred = deferred });

    private static IResult OpenFormPage(int status, Brand brand, FormState form, IReadOnlyList<(string Family, IReadOnlyList<string> Products)> families,
        TicketDocuments documents, AntiforgeryTokenSet tokens) =>
        Page<OpenForm>(status, new { Form = form, Brand = brand, Families = families, Documents = documents, Tokens = tokens });

    private static IResult ContextFormPage(int status, Brand? brand, FormState form, FormKind kind, AntiforgeryTokenSet tokens, bool contextReadOnly) =>
        Page<ContextForm>(status, new { Form = form, Brand = brand, Kind = kind, Tokens = tokens, ContextReadOnly = contextReadOnly });

    internal static IResult NotFoundPage(Brand? brand, PageText text) =>
        MessagePage(StatusCodes.Status404NotFound, brand, text, text.NotFoundTitle, text.NotFoundMessage);

    private static IResult UnavailablePage(HttpContext http, Brand? brand, PageText text, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
        return MessagePage(StatusCodes.Status503ServiceUnavailable, brand, text, text.UnavailableTitle, text.UnavailableMessage);
    }

    private static IResult TooManyPage(HttpContext http, Brand? brand, PageText text, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
        return MessagePage(StatusCodes.Status429TooManyRequests, brand, text, text.TooManyTitle,
            text.Format(text.TooManyMessage, RateLimits.RetryAfterSeconds(wait)));
    }
}
