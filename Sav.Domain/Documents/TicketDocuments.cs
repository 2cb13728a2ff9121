using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;

namespace Sav.Domain.Documents;

/// <summary>Checks the files of a form and files them as documents of a ticket.</summary>
public sealed class TicketDocuments(
    IDbContextFactory<SavDbContext> dbFactory,
    IDocumentStore store,
    WriteGate gate,
    IOptions<DocumentOptions> documents,
    IOptions<UploadOptions> uploads,
    TimeProvider clock)
{
    public long MaxBytes => documents.Value.MaxBytes;
    public IReadOnlyList<string> AllowedTypes => uploads.Value.EffectiveAllowedTypes;
    public int MaxFiles => uploads.Value.MaxFiles;

    /// <summary>The first rule the files break, with the offending file's name.</summary>
    public (UploadProblem Problem, string? FileName) Check(IReadOnlyList<Upload> files)
    {
        if (files.Count > MaxFiles) return (UploadProblem.TooMany, null);
        foreach (var file in files)
        {
            if (file.Length > MaxBytes) return (UploadProblem.TooLarge, file.FileName);
            if (!IsAllowed(file.MediaType)) return (UploadProblem.TypeNotAllowed, file.FileName);
        }
        return (UploadProblem.None, null);
    }

    public bool IsAllowed(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return AllowedTypes.Any(allowed => allowed.EndsWith("/*", StringComparison.Ordinal)
            ? type.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(type, allowed, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Stores each file, then records them all as documents of the ticket. With <paramref name="missingOnly"/> (a
    /// submission sent again: a double click, or a retry after the gateway stopped between the ticket and its files), only
    /// the files the ticket does not have yet, by name and size: the first sending's files are not filed twice, and
    /// those it never filed are not lost.</summary>
    public async Task AttachAsync(int ticketId, string ticketCode, IReadOnlyList<Upload> files, CancellationToken cancellationToken,
        bool missingOnly = false)
    {
        if (files.Count == 0) return;
        if (missingOnly)
        {
            await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
            var known = (await read.Documents.Where(d => d.TicketId == ticketId).Select(d => new { d.Name, d.Size }).ToListAsync(cancellationToken))
                .Select(d => (d.Name, d.Size)).ToHashSet();
            files = files.Where(f => !known.Contains((LocalDocumentStore.SafeName(f.FileName), f.Length))).ToList();
            if (files.Count == 0) return;
        }
        var now = clock.GetUtcNow();
        var rows = new List<Document>(files.Count);
        foreach (var file in files)
        {
            await using var content = file.OpenRead();
            var stored = await store.SaveAsync(ticketCode, file.FileName, file.MediaType, content, cancellationToken);
            rows.Add(new Document
            {
                TicketId = ticketId,
                Name = LocalDocumentStore.SafeName(file.FileName),
                MediaType = file.MediaType.Split(';')[0].Trim(),
                Size = stored.Size,
                Store = store.Kind,
                StoreId = stored.StoreId,
                Link = stored.Link,
                CreatedAt = now,
            });
        }
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Documents.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
    }
}
