using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sav.Domain.Documents;

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
                await using var stream = new LimitedStream(tolerant(), MaxBytes);
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

/// <summary>An attachment larger than the documents' size limit, found while it was being stored.</summary>
public sealed class AttachmentTooLargeException(long atLeast)
    : IOException($"The attachment is larger than the size limit ({atLeast} bytes at least).")
{
    public long AtLeast { get; } = atLeast;
}

internal sealed class NotCleanBase64Exception() : IOException("The base64 lines are not clean.");

/// <summary>Reads an inner stream and throws <see cref="AttachmentTooLargeException"/> as soon as it gave more than the limit.</summary>
internal sealed class LimitedStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > maxBytes) throw new AttachmentTooLargeException(_read);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Decodes base64 lines separated by CR and LF as it is read: lines are joined in a small pooled buffer and
/// decoded from there by the runtime's vectorised decoder, straight into the reader's buffer when it is large enough.
/// Throws <see cref="NotCleanBase64Exception"/> on anything else, or when the bytes differ from the announced length.
/// Seekable (a resumable upload goes back to what the server says it has): a seek backwards decodes again from the start.</summary>
internal sealed class Base64LineStream : Stream
{
    private const int ChunkChars = 16 * 1024;
    private const int ChunkBytes = ChunkChars / 4 * 3;
    private readonly ReadOnlyMemory<byte> _encoded;
    private readonly long _length;
    private byte[]? _chunk = ArrayPool<byte>.Shared.Rent(ChunkChars);
    private byte[]? _spare;
    private int _offset;
    /// <summary>The length of the first line, 0 until it is known.</summary>
    private int _lineLength;
    private int _pending;
    private bool _ended;
    private int _spareStart;
    private int _spareEnd;
    private long _position;

    public Base64LineStream(ReadOnlyMemory<byte> encoded, long length)
    {
        _encoded = encoded;
        _length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var chunk = _chunk ?? throw new ObjectDisposedException(nameof(Base64LineStream));
        var written = 0;
        if (_spareEnd > _spareStart)
        {
            written = Math.Min(buffer.Length, _spareEnd - _spareStart);
            _spare.AsSpan(_spareStart, written).CopyTo(buffer);
            _spareStart += written;
            _position += written;
            return written;
        }
        // Whole chunks decoded straight into the reader's buffer while they fit, the rest of one through the spare buffer.
        while (written < buffer.Length && !(_ended && _pending == 0))
        {
            Fill(chunk);
            var take = _ended ? _pending : _pending / 4 * 4;
            var room = buffer[written..];
            int produced;
            if (room.Length >= take / 4 * 3) produced = Decode(chunk.AsSpan(0, take), room);
            else
            {
                _spare ??= ArrayPool<byte>.Shared.Rent(ChunkBytes);
                _spareEnd = Decode(chunk.AsSpan(0, take), _spare);
                _spareStart = produced = Math.Min(room.Length, _spareEnd);
                _spare.AsSpan(0, produced).CopyTo(room);
            }
            chunk.AsSpan(take, _pending - take).CopyTo(chunk);
            _pending -= take;
            written += produced;
            _position += produced;
            if (_spareEnd > _spareStart) break;
        }
        if (_ended && _pending == 0 && _spareEnd == _spareStart && _position != _length) throw new NotCleanBase64Exception();
        return written;
    }

    /// <summary>Joins whole lines after the pending characters until the chunk is full or the part ends. Lines are most
    /// often all as long as the first: the break is first looked for where that length puts it, and the breaks (CR, LF or
    /// both) are skipped together. A break inside a line so taken reaches the decoder, which skips it or refuses it:
    /// either way no byte is decoded wrong.</summary>
    private void Fill(byte[] chunk)
    {
        var encoded = _encoded.Span;
        while (!_ended)
        {
            FillLinesAsLongAsTheFirst(encoded, chunk);
            var rest = encoded[_offset..];
            int line;
            if (_lineLength > 0 && _lineLength < rest.Length && rest[_lineLength] is (byte)'\r' or (byte)'\n') line = _lineLength;
            else
            {
                line = rest.IndexOfAny((byte)'\r', (byte)'\n');
                if (line < 0) line = rest.Length;
                else if (_lineLength == 0) _lineLength = line;
            }
            if (line > ChunkChars - 4) throw new NotCleanBase64Exception();
            if (_pending + line > ChunkChars) return;
            rest[..line].CopyTo(chunk.AsSpan(_pending));
            _pending += line;
            _offset += line;
            while (_offset < encoded.Length && encoded[_offset] is (byte)'\r' or (byte)'\n') _offset++;
            _ended = _offset == encoded.Length;
        }
    }

    /// <summary>The common case, without a search or a call per line: lines as long as the first, each followed by LF or
    /// CR LF and then by more base64, copied a vector at a time. Stops short of the part's end, and at anything else
    /// (a shorter line, a blank line, a lone CR), which <see cref="Fill"/> then reads its own way.</summary>
    private void FillLinesAsLongAsTheFirst(ReadOnlySpan<byte> encoded, byte[] chunk)
    {
        var length = _lineLength;
        if (!Vector256.IsHardwareAccelerated || length < Vector256<byte>.Count || length > ChunkChars - 4) return;
        ref var source = ref MemoryMarshal.GetReference(encoded);
        ref var target = ref MemoryMarshal.GetArrayDataReference(chunk);
        var (offset, pending) = (_offset, _pending);
        // Reads up to offset + length + 2, inside the part; writes up to pending + length, inside the chunk.
        while (pending + length <= ChunkChars && offset + length + 2 < encoded.Length)
        {
            var next = Unsafe.Add(ref source, offset + length) switch
            {
                (byte)'\n' => offset + length + 1,
                (byte)'\r' when Unsafe.Add(ref source, offset + length + 1) == '\n' => offset + length + 2,
                _ => -1,
            };
            if (next < 0 || Unsafe.Add(ref source, next) is (byte)'\r' or (byte)'\n') break;
            ref var from = ref Unsafe.Add(ref source, offset);
            ref var to = ref Unsafe.Add(ref target, pending);
            var copied = 0;
            for (; copied <= length - Vector256<byte>.Count; copied += Vector256<byte>.Count)
                Vector256.LoadUnsafe(ref from, (nuint)copied).StoreUnsafe(ref to, (nuint)copied);
            // The line's last bytes: one more vector ending at its end, over bytes already copied.
            if (copied < length) Vector256.LoadUnsafe(ref from, (nuint)(length - Vector256<byte>.Count)).StoreUnsafe(ref to, (nuint)(length - Vector256<byte>.Count));
            pending += length;
            offset = next;
        }
        (_offset, _pending) = (offset, pending);
    }

    private int Decode(ReadOnlySpan<byte> characters, Span<byte> output)
    {
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(characters, output, out var consumed, out var produced, isFinalBlock: _ended);
        if (status != System.Buffers.OperationStatus.Done || consumed != characters.Length || _position + produced > _length)
            throw new NotCleanBase64Exception();
        return produced;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        if (target < 0 || target > _length) throw new ArgumentOutOfRangeException(nameof(offset));
        if (target < _position)
        {
            _offset = _pending = _spareStart = _spareEnd = _lineLength = 0;
            _ended = false;
            _position = 0;
        }
        var skip = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (_position < target && Read(skip.AsSpan(0, (int)Math.Min(skip.Length, target - _position))) > 0) { }
        }
        finally { ArrayPool<byte>.Shared.Return(skip); }
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_chunk is not null) ArrayPool<byte>.Shared.Return(_chunk);
            if (_spare is not null) ArrayPool<byte>.Shared.Return(_spare);
            _chunk = _spare = null;
        }
        base.Dispose(disposing);
    }
}
