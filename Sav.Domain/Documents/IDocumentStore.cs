namespace Sav.Domain.Documents;

/// <summary>Where ticket files live: a local folder, or Google Drive. Files of a ticket are kept in
/// a folder named after the ticket's code.</summary>
public interface IDocumentStore
{
    DocumentStoreKind Kind { get; }

    /// <summary>Stores the content and returns where it went; the caller records the Document row.</summary>
    Task<StoredDocument> SaveAsync(string ticketCode, string fileName, string mediaType, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a stored file for reading, or null when it is gone.</summary>
    Task<Stream?> OpenReadAsync(Document document, CancellationToken cancellationToken);
}

public sealed record StoredDocument(string StoreId, long Size, string? Link);

public class DocumentOptions
{
    public const string Section = "Documents";
    public DocumentStoreKind Store { get; set; } = DocumentStoreKind.Local;
    public string Folder { get; set; } = "data/documents";
    /// <summary>Whether the local store makes each file durable (its data, its name in its folder) before it reports it
    /// stored, so that the row recorded next never outlives its file after a power cut or an OS crash. Off only where
    /// the disk is itself expendable (tests, benchmarks) or something else flushes it.</summary>
    public bool FlushToDisk { get; set; } = true;
    /// <summary>Largest file accepted from a form or a mail.</summary>
    public long MaxBytes { get; set; } = 50 * 1024 * 1024;
    /// <summary>The Google Drive folder (or shared drive folder) under which each ticket gets a folder.</summary>
    public string? DriveRootFolderId { get; set; }
    /// <summary>Files larger than this go to Drive by resumable upload, in chunks; smaller ones in one request.</summary>
    public long DriveResumableAboveBytes { get; set; } = 5 * 1024 * 1024;
    /// <summary>The size of each resumable upload request (a multiple of 256 KiB).</summary>
    public int DriveChunkBytes { get; set; } = 8 * 1024 * 1024;
}
