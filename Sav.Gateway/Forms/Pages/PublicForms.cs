using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Brands;
using Sav.Domain.Data;
using Sav.Domain.Documents;
using Sav.Domain.Text;
using Sav.Domain.Tickets;
using Sav.Gateway.Protection;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>The gateway's own public forms, the ones the mail buttons point at: <c>/f/{brand}/open</c>
/// and <c>/f/{status|close|reopen|answer}?c=CONTEXT</c>. Plain HTML, no script.</summary>
public static class PublicForms
{
    public const string Honeypot = "website";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static IEndpointRouteBuilder MapPublicForms(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/f");
        pages.MapGet("/{brand}/style.css", StyleAsync);
        pages.MapGet("/{brand}/open", OpenFormAsync);
        pages.MapPost("/{brand}/open", SubmitOpenAsync).RequireRateLimiting(RateLimits.PerAddress);
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
        if (found is null) return NotFoundPage(null);
        var families = await FamiliesAsync(dbFactory);
        return OpenPage.Render(StatusCodes.Status200OK, found, families, documents, antiforgery.GetAndStoreTokens(http), null, _ => null);
    }

    private static async Task<IResult> SubmitOpenAsync(string brand, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, TicketDocuments documents, FormSubmissions submissions, CancellationToken cancellationToken)
    {
        var found = await BrandAsync(dbFactory, brand, exact: true);
        if (found is null) return NotFoundPage(null);
        var (fields, refusal) = await ReadAsync(http, antiforgery, found, cancellationToken);
        if (refusal is not null) return refusal;
        if (!string.IsNullOrEmpty(fields![Honeypot])) return ThanksPage.Render(found, FormKind.Open, context: null);
        fields.Set("BRAND", found.Code);

        CultureInfo.CurrentUICulture = French;
        var outcome = await submissions.SubmitAsync(FormKind.Open, fields, cancellationToken);
        if (outcome is SubmissionOutcome.Accepted accepted) return ThanksPage.Render(found, FormKind.Open, accepted.Context);
        if (outcome is SubmissionOutcome.RateLimited limited) return TooManyPage(http, found, limited.RetryAfter);
        var (status, errors) = outcome switch
        {
            SubmissionOutcome.Invalid invalid => (StatusCodes.Status400BadRequest, invalid.Errors),
            SubmissionOutcome.TooLarge tooLarge => (StatusCodes.Status413PayloadTooLarge,
                new Dictionary<string, string[]> { ["FILES"] = [tooLarge.Detail] }),
            _ => throw new InvalidOperationException($"An opening cannot end as {outcome}."),
        };
        return OpenPage.Render(status, found, await FamiliesAsync(dbFactory), documents, antiforgery.GetAndStoreTokens(http), errors,
            n => fields[n]);
    }

    private static async Task<IResult> ContextFormAsync(string kind, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, [FromServices] TicketContexts contexts, [FromQuery(Name = "c")] string? context)
    {
        if (!FormKinds.TryParse(kind, out var formKind)) return NotFoundPage(null);
        if (formKind == FormKind.Open)
            return TypedResults.Redirect($"/f/{Uri.EscapeDataString((await BrandAsync(dbFactory, null))?.Code ?? "sav")}/open");
        var brand = await TicketBrandAsync(dbFactory, contexts, context);
        return ContextPage.Render(StatusCodes.Status200OK, brand, formKind, antiforgery.GetAndStoreTokens(http), null,
            n => n == "CONTEXT" ? context : null, contextReadOnly: TicketContexts.TryParse(context, out _));
    }

    private static async Task<IResult> SubmitContextAsync(string kind, HttpContext http, IDbContextFactory<SavDbContext> dbFactory,
        IAntiforgery antiforgery, [FromServices] TicketContexts contexts, FormSubmissions submissions, CancellationToken cancellationToken)
    {
        if (!FormKinds.TryParse(kind, out var formKind) || formKind == FormKind.Open) return NotFoundPage(null);
        var fallback = await BrandAsync(dbFactory, null);
        var (fields, refusal) = await ReadAsync(http, antiforgery, fallback, cancellationToken);
        if (refusal is not null) return refusal;
        var brand = await TicketBrandAsync(dbFactory, contexts, fields!["CONTEXT"]) ?? fallback;
        if (!string.IsNullOrEmpty(fields[Honeypot])) return ThanksPage.Render(brand, formKind, context: null);

        CultureInfo.CurrentUICulture = French;
        var outcome = await submissions.SubmitAsync(formKind, fields, cancellationToken);
        IResult Again(int status, IDictionary<string, string[]> errors) => ContextPage.Render(status, brand, formKind,
            antiforgery.GetAndStoreTokens(http), errors, n => fields[n], contextReadOnly: false);
        return outcome switch
        {
            SubmissionOutcome.Accepted accepted => ThanksPage.Render(brand, formKind, accepted.Context),
            SubmissionOutcome.Invalid invalid => Again(StatusCodes.Status400BadRequest, invalid.Errors),
            SubmissionOutcome.RateLimited limited => TooManyPage(http, brand, limited.RetryAfter),
            _ => Again(StatusCodes.Status404NotFound, new Dictionary<string, string[]>
            {
                ["CONTEXT"] = ["Ce numéro de dossier est inconnu. Recopiez-le tel qu'il figure dans l'objet de nos e-mails, par exemple AT73#K9F2Q."],
            }),
        };
    }

    /// <summary>Reads the body and checks the antiforgery token; a refusal is the page to answer instead.</summary>
    private static async Task<(FormFields? Fields, IResult? Refusal)> ReadAsync(HttpContext http, IAntiforgery antiforgery, Brand? brand,
        CancellationToken cancellationToken)
    {
        try
        {
            var fields = await FormFields.ReadAsync(http.Request, cancellationToken);
            if (!http.Request.HasFormContentType) return (null, MessagePage(StatusCodes.Status415UnsupportedMediaType, brand, "Demande illisible",
                "Envoyez ce formulaire depuis sa page."));
            await antiforgery.ValidateRequestAsync(http);
            return (fields, null);
        }
        catch (BadSubmissionException e)
        {
            return (null, MessagePage(e.Status, brand, "Demande illisible", e.Message));
        }
        catch (BodyTooLargeException)
        {
            return (null, MessagePage(StatusCodes.Status413PayloadTooLarge, brand, "Envoi trop volumineux",
                "Les fichiers joints sont trop lourds. Revenez en arrière et joignez des fichiers plus petits."));
        }
        catch (AntiforgeryValidationException)
        {
            return (null, MessagePage(StatusCodes.Status400BadRequest, brand, "Page expirée",
                "Cette page a expiré. Revenez en arrière, rechargez-la et envoyez de nouveau le formulaire."));
        }
    }

    /// <summary>A brand by code (or the default one); with <paramref name="exact"/>, null when the code is unknown.</summary>
    public static async Task<Brand?> BrandAsync(IDbContextFactory<SavDbContext> dbFactory, string? code, bool exact = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var brands = await db.Brands.AsNoTracking().ToListAsync();
        var key = TextKey.Fold(code);
        var brand = brands.FirstOrDefault(b => TextKey.Fold(b.Code) == key);
        return brand ?? (exact ? null : brands.FirstOrDefault(b => b.IsDefault) ?? brands.FirstOrDefault());
    }

    /// <summary>The brand of the ticket a context names, once its control is checked; the default brand otherwise.</summary>
    private static async Task<Brand?> TicketBrandAsync(IDbContextFactory<SavDbContext> dbFactory, TicketContexts contexts, string? context)
    {
        if (contexts.TryVerify(context, out var code))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var brand = await db.Tickets.AsNoTracking().Where(t => t.Code == code).Select(t => t.Brand).FirstOrDefaultAsync();
            if (brand is not null) return brand;
        }
        return await BrandAsync(dbFactory, null);
    }

    private static async Task<IReadOnlyList<string>> FamiliesAsync(IDbContextFactory<SavDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.ProductFamilies.AsNoTracking().Where(f => f.Active).OrderBy(f => f.Order).ThenBy(f => f.Name)
            .Select(f => f.Name).ToListAsync();
    }

    public static IResult MessagePage(int status, Brand? brand, string title, string message) =>
        Html(status, brand, title, $"<p>{E(message)}</p>");

    private static IResult NotFoundPage(Brand? brand) =>
        MessagePage(StatusCodes.Status404NotFound, brand, "Page introuvable", "Cette page n'existe pas. Vérifiez le lien reçu par e-mail.");

    private static IResult TooManyPage(HttpContext http, Brand? brand, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
        return MessagePage(StatusCodes.Status429TooManyRequests, brand, "Trop de demandes",
            $"Vous avez envoyé beaucoup de demandes en peu de temps. Réessayez dans {RateLimits.RetryAfterSeconds(wait)} secondes.");
    }
}
