using System.Buffers;
using System.Buffers.Text;
using Sav.Domain.Documents;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>What the base64 fast path throws when the lines are not clean: the part is then decoded again by the tolerant decoder.</summary>
internal sealed class NotCleanBase64Exception() : IOException("The base64 lines are not clean.");

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
