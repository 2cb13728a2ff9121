using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Sav.Domain.Documents;

public sealed class LocalDocumentStore(IOptions<DocumentOptions> options) : IDocumentStore
{
    /// <summary>Ticket folders being created, until their name in the root is on the disk: a file stored in one meanwhile
    /// waits for that too.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Creating = new();

    public DocumentStoreKind Kind => DocumentStoreKind.Local;

    /// <summary>How a written file is flushed to the disk; the tests make it fail.</summary>
    internal Action<SafeFileHandle> FlushFile { get; init; } = DiskFlush.File;

    private string Root => Path.GetFullPath(options.Value.Folder);

    /// <summary>With <see cref="DocumentOptions.FlushToDisk"/>, the file is on the disk under its name when this returns:
    /// the caller's row may commit. The flush waits for the disk on the caller's thread, so that callers storing several
    /// files at once (the sweep prepares two messages at a time) overlap their waits.</summary>
    public async Task<StoredDocument> SaveAsync(string ticketCode, string fileName, string mediaType, Stream content,
        CancellationToken cancellationToken)
    {
        var flush = options.Value.FlushToDisk;
        var folder = Path.Combine(Root, SafeName(ticketCode));
        await CreateFolderAsync(folder, flush);
        // A unique prefix keeps two "photo.jpg" apart; the customer's name stays readable after it.
        var storedName = $"{Guid.NewGuid():N}-{SafeName(fileName)}";
        var path = Path.Combine(folder, storedName);
        var temporary = path + ".tmp";
        var named = false;
        long size;
        try
        {
            size = await WriteAsync(temporary, content, flush ? FlushFile : null, cancellationToken);
            File.Move(temporary, path);
            named = true;
            if (flush) await DiskFlush.DirectoryAsync(folder);
        }
        catch
        {
            // Content that failed halfway (over the size limit, unreadable), or a file the disk could not flush, leaves
            // no file behind.
            File.Delete(named ? path : temporary);
            throw;
        }
        return new StoredDocument($"{SafeName(ticketCode)}/{storedName}", size, null);
    }

    /// <summary>Creates the ticket's folder; when flushing, its name in the root reaches the disk once, the first time.</summary>
    private static async Task CreateFolderAsync(string folder, bool flush)
    {
        if (!flush)
        {
            Directory.CreateDirectory(folder);
            return;
        }
        // Existing and not being created: created (and flushed) before. Checked in that order, since a folder is in
        // Creating before it exists and leaves it once flushed.
        if (Directory.Exists(folder) && !Creating.ContainsKey(folder)) return;
        var creating = Creating.GetOrAdd(folder, f => new Lazy<Task>(async () =>
        {
            var parent = Path.GetDirectoryName(f)!;
            var rootMissing = !Directory.Exists(parent);
            Directory.CreateDirectory(f);
            if (rootMissing) await DiskFlush.DirectoryAsync(Path.GetDirectoryName(parent)!);
            await DiskFlush.DirectoryAsync(parent);
        }));
        try { await creating.Value; }
        finally { Creating.TryRemove(new KeyValuePair<string, Lazy<Task>>(folder, creating)); }
    }

    /// <summary>How much of the content is read and written at a time.</summary>
    internal const int CopyBytes = 512 * 1024;

    /// <summary>Written with no copy into FileStream's own buffer: large reads are written as they come. (Writes straight
    /// to the disk, O_DIRECT, saved CPU but bought nothing on the sweep's rate: removed, see bench/README.md.)</summary>
    private static async Task<long> WriteAsync(string path, Stream content, Action<SafeFileHandle>? flush, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 });
        await content.CopyToAsync(file, CopyBytes, cancellationToken);
        flush?.Invoke(file.SafeFileHandle);
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
