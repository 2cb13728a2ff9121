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
            size = await WriteAsync(temporary, content, options.Value.DirectWrites, cancellationToken);
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

    /// <summary>Photos and videos skip the page cache where the file system allows (<see cref="DirectFile"/>) and the
    /// settings let them (<see cref="DocumentOptions.DirectWrites"/>): copying them there costs more CPU than the rest of
    /// their filing.</summary>
    private static async Task<long> WriteAsync(string path, Stream content, bool direct, CancellationToken cancellationToken)
    {
        var mode = FileMode.CreateNew;
        using (var handle = direct ? DirectFile.TryCreate(path) : null)
        {
            if (handle is not null)
            {
                var start = content.CanSeek ? content.Position : -1;
                try { return await DirectFile.WriteAsync(handle, content, cancellationToken); }
                catch (DirectWriteRefusedException) when (start >= 0)
                {
                    content.Position = start;
                    mode = FileMode.Truncate;
                }
            }
        }
        // Buffered, with no copy into FileStream's own buffer: large reads are written as they come.
        await using var file = new FileStream(path, new FileStreamOptions { Mode = mode, Access = FileAccess.Write, BufferSize = 0 });
        await content.CopyToAsync(file, DirectFile.BufferBytes, cancellationToken);
        return file.Length;
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
