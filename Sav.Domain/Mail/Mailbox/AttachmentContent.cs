using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sav.Domain.Documents;
using Sav.Domain.Streams;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>The bytes of an attachment, written to the document store when the message is filed. Base64 parts
/// (photos, videos) stay encoded in the message until then and are decoded straight into the store's stream.</summary>
public abstract class AttachmentContent(long maxBytes)
{
    /// <summary>The decoded size.</summary>
    public abstract long Length { get; }

    /// <summary>The documents' size limit when the message was read.</summary>
    public long MaxBytes => maxBytes;

    /// <summary>Hands the decoded bytes to <paramref name="save"/> as a stream. Throws <see cref="AttachmentTooLargeException"/>
    /// when they turn out larger than <see cref="MaxBytes"/>: the store has then deleted what it had written.</summary>
    public abstract Task<StoredDocument> SaveAsync(Func<Stream, Task<StoredDocument>> save);

    /// <summary>The decoded bytes in one array, for what must be read whole (a forwarded .eml).</summary>
    public abstract byte[] ToArray();

    public static AttachmentContent Of(byte[] bytes, long maxBytes) => new Bytes(bytes, maxBytes);

    /// <summary>Base64 lines from <paramref name="encoded"/>, decoded as the store reads them; <paramref name="tolerant"/>
    /// (MimeKit's decoder) takes over when they turn out not to be clean base64 after all.</summary>
    internal static AttachmentContent Base64(ReadOnlyMemory<byte> encoded, long length, Func<Stream> tolerant, long maxBytes) =>
        new Base64Window(encoded, length, tolerant, maxBytes);

    private sealed class Bytes(byte[] bytes, long maxBytes) : AttachmentContent(maxBytes)
    {
        public override long Length => bytes.Length;
        public override byte[] ToArray() => bytes;

        public override async Task<StoredDocument> SaveAsync(Func<Stream, Task<StoredDocument>> save)
        {
            if (bytes.Length > MaxBytes) throw new AttachmentTooLargeException(bytes.Length);
            await using var stream = new MemoryStream(bytes, writable: false);
            return await save(stream);
        }
    }

    private sealed class Base64Window(ReadOnlyMemory<byte> encoded, long length, Func<Stream> tolerant, long maxBytes) : AttachmentContent(maxBytes)
    {
        public override long Length => length;

        public override byte[] ToArray()
        {
            using var output = new MemoryStream();
            try
            {
                using var stream = new Base64LineStream(encoded, length);
                stream.CopyTo(output);
            }
            catch (NotCleanBase64Exception)
            {
                output.SetLength(0);
                using var stream = tolerant();
                stream.CopyTo(output);
            }
            return output.ToArray();
        }

        public override async Task<StoredDocument> SaveAsync(Func<Stream, Task<StoredDocument>> save)
        {
            if (length > MaxBytes) throw new AttachmentTooLargeException(length);
            try
            {
                await using var stream = new Base64LineStream(encoded, length);
                return await save(stream);
            }
            catch (Exception e) when (Caused<NotCleanBase64Exception>(e))
            {
                // A stray character halfway: the store has dropped what it wrote, the tolerant decoder writes it all again.
                await using var stream = new LimitedStream(tolerant(), MaxBytes, read => new AttachmentTooLargeException(read));
                return await save(stream);
            }
        }
    }

    /// <summary>True when <paramref name="e"/> or an exception it wraps (an HTTP client wraps what its content throws) is a <typeparamref name="T"/>.</summary>
    internal static bool Caused<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T) return true;
        }
        return false;
    }
}
