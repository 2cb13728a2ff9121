using Microsoft.Extensions.Options;

namespace Sav.Domain.Documents;

public sealed class LocalDocumentStore(IOptions<DocumentOptions> options) : IDocumentStore
{
    public DocumentStoreKind Kind => DocumentStoreKind.Local;

    private string Root => Path.GetFullPath(options.Value.Folder);

    public async Task<StoredDocument> SaveAsync(string ticketCode, string fileName, string mediaType, Stream content,
        CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, SafeName(ticketCode));
        Directory.CreateDirectory(folder);
        // A unique prefix keeps two "photo.jpg" apart; the customer's name stays readable after it.
        var storedName = $"{Guid.NewGuid():N}-{SafeName(fileName)}";
        var path = Path.Combine(folder, storedName);
        var temporary = path + ".tmp";
        long size;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                size = file.Length;
            }
            File.Move(temporary, path);
        }
        catch
        {
            // Content that failed halfway (over the size limit, unreadable) leaves no partial file behind.
            File.Delete(temporary);
            throw;
        }
        return new StoredDocument($"{SafeName(ticketCode)}/{storedName}", size, null);
    }

    public Task<Stream?> OpenReadAsync(Document document, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(Root, document.StoreId));
        // A store id never leaves the root, whatever a row says.
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            return Task.FromResult<Stream?>(null);
        return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    /// <summary>Keeps letters, digits, dots, dashes and underscores; never a path.</summary>
    public static string SafeName(string name)
    {
        var cleaned = new string(Path.GetFileName(name).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray())
            .TrimStart('.');
        if (cleaned.Length > 120) cleaned = cleaned[^120..];
        return cleaned.Length == 0 ? "file" : cleaned;
    }
}
