using Sav.Gateway.Protection;

namespace Sav.Gateway.Forms;

/// <summary><c>POST /api/forms/{kind}</c>: submissions from form scripts (Google Apps Script) and other callers.</summary>
public static class FormsApi
{
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/forms/{kind}", SubmitAsync).RequireRateLimiting(RateLimits.PerAddress).DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> SubmitAsync(string kind, HttpRequest request, ApiKeys keys, FormSubmissions submissions,
        CancellationToken cancellationToken)
    {
        // The kind is in the address, not the customer's data: saying the form does not exist reveals nothing.
        if (!FormKinds.TryParse(kind, out var formKind))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Formulaire inconnu",
                detail: $"Les formulaires sont : {string.Join(", ", Enum.GetNames<FormKind>().Select(n => n.ToLowerInvariant()))}.");
        FormFields fields;
        try
        {
            fields = await FormFields.ReadAsync(request, cancellationToken);
        }
        catch (BadSubmissionException e)
        {
            return e.Field is null
                ? TypedResults.Problem(statusCode: e.Status, title: "Demande illisible", detail: e.Message)
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
        if (!keys.IsValid(fields["API_KEY"] ?? request.Headers["X-Api-Key"].FirstOrDefault()))
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Clé d'API absente ou invalide");

        var outcome = await submissions.SubmitAsync(formKind, fields, cancellationToken);
        return outcome switch
        {
            SubmissionOutcome.Accepted accepted => FormFields.WantsJson(request)
                ? TypedResults.Ok(new SubmissionAnswer(accepted.Ticket, accepted.Context, accepted.Status))
                : TypedResults.Text(accepted.Context, "text/plain; charset=utf-8"),
            SubmissionOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "Champs invalides"),
            SubmissionOutcome.TooLarge tooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Demande trop volumineuse", detail: tooLarge.Detail),
            SubmissionOutcome.RateLimited limited => new TooManyRequests(limited.RetryAfter),
            SubmissionOutcome.Unavailable unavailable => new ServiceUnavailable(unavailable.RetryAfter),
            _ => NotFound(),
        };
    }

    /// <summary>Unknown code and forged control look the same.</summary>
    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dossier introuvable");

    /// <summary>The database is away and this request cannot wait for it in the journal.</summary>
    private sealed class ServiceUnavailable(TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service momentanément indisponible",
                detail: "Le service ne peut pas répondre à cette demande pour le moment. Réessayez dans quelques minutes.").ExecuteAsync(httpContext);
        }
    }

    private sealed class TooManyRequests(TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => RateLimits.WriteTooManyAsync(httpContext, wait);
    }
}

/// <summary>The JSON answer to an accepted submission.</summary>
public sealed record SubmissionAnswer(string Ticket, string Context, string Status);
