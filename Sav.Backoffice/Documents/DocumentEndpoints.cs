using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Sav.Domain.Data;
using Sav.Domain.Documents;

namespace Sav.Backoffice.Documents;

/// <summary>Ticket files, streamed from the document store to signed-in analysts only (the fallback policy).</summary>
public static class DocumentEndpoints
{
    private const string Bytes = "application/octet-stream";

    /// <summary>An opened file is shown on the backoffice's origin: it may run nothing and load nothing but itself.</summary>
    public const string ViewPolicy = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'";

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/documents/{id:int}", DownloadAsync);
        app.MapGet("/documents/{id:int}/view", ViewAsync);
        return app;
    }

    private static Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(int id, HttpContext http,
        IDbContextFactory<SavDbContext> dbFactory, IDocumentStore store) => ServeAsync(id, http, dbFactory, store, inline: false);

    private static Task<Results<FileStreamHttpResult, NotFound>> ViewAsync(int id, HttpContext http,
        IDbContextFactory<SavDbContext> dbFactory, IDocumentStore store) => ServeAsync(id, http, dbFactory, store, inline: true);

    private static async Task<Results<FileStreamHttpResult, NotFound>> ServeAsync(int id, HttpContext http,
        IDbContextFactory<SavDbContext> dbFactory, IDocumentStore store, bool inline)
    {
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, http.RequestAborted);
        if (document is null) return TypedResults.NotFound();
        var content = await store.OpenReadAsync(document, http.RequestAborted);
        if (content is null) return TypedResults.NotFound();
        var mediaType = SafeMediaType(document.MediaType);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (!inline) return TypedResults.File(content, mediaType, document.Name);

        http.Response.Headers.ContentSecurityPolicy = ViewPolicy;
        if (mediaType == Bytes) return TypedResults.File(content, mediaType, document.Name);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(document.Name);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.File(content, mediaType, enableRangeProcessing: true);
    }

    /// <summary>Whether the view endpoint shows this file as a picture, so the Documents tab can use it as a thumbnail.</summary>
    public static bool IsImage(string mediaType) => SafeMediaType(mediaType).StartsWith("image/", StringComparison.Ordinal);

    /// <summary>A customer chose the media type: anything a browser could run on the backoffice's origin
    /// (HTML, SVG, XML, scripts…) is served as plain bytes, and then always as an attachment.</summary>
    public static string SafeMediaType(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        var markup = type.Contains("xml", StringComparison.Ordinal) || type.Contains("html", StringComparison.Ordinal)
            || type.Contains("script", StringComparison.Ordinal);
        var shown = type is "application/pdf" or "text/plain"
            || (!markup && (type.StartsWith("image/", StringComparison.Ordinal)
                || type.StartsWith("video/", StringComparison.Ordinal) || type.StartsWith("audio/", StringComparison.Ordinal)));
        return shown ? type : Bytes;
    }
}
