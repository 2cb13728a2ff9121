using Microsoft.AspNetCore.Diagnostics;

namespace Sav.Gateway.Protection;

/// <summary>Every failure becomes a problem document: a body too large is a 413, a malformed request
/// a 400, anything else a bare 500 with the request id, never a stack trace or an internal message.</summary>
public sealed class ProblemAnswers(IProblemDetailsService problems, ILogger<ProblemAnswers> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BodyTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Demande trop volumineuse"),
            BadHttpRequestException bad => (bad.StatusCode, "Demande invalide"),
            _ => (StatusCodes.Status500InternalServerError, "Erreur interne"),
        };
        if (status >= 500) logger.LogError(exception, "Request failed");
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = null,
            ProblemDetails = { Status = status, Title = title, Extensions = { ["requestId"] = http.TraceIdentifier } },
        });
    }
}
