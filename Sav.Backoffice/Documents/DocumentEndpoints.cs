using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Documents;

namespace Sav.Backoffice.Documents;

/// <summary>Ticket files, streamed from the document store to signed-in analysts only (the fallback policy).</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/documents/{id:int}", DownloadAsync);
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(int id, HttpContext http,
        IDbContextFactory<SavDbContext> dbFactory, IDocumentStore store)
    {
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, http.RequestAborted);
        if (document is null) return TypedResults.NotFound();
        var content = await store.OpenReadAsync(document, http.RequestAborted);
        if (content is null) return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, SafeMediaType(document.MediaType), document.Name);
    }

    /// <summary>A customer chose the media type: anything a browser could run on the backoffice's origin
    /// is served as plain bytes (and always as an attachment).</summary>
    public static string SafeMediaType(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        var shown = type is "application/pdf" or "text/plain"
            || (type.StartsWith("image/", StringComparison.Ordinal) && type != "image/svg+xml")
            || type.StartsWith("video/", StringComparison.Ordinal) || type.StartsWith("audio/", StringComparison.Ordinal);
        return shown ? type : "application/octet-stream";
    }
}
