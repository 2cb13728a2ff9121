using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>A message held in a buffer from the shared pool, given back when the stream is disposed.</summary>
internal sealed class PooledStream : MemoryStream
{
    private byte[]? _buffer;

    private PooledStream(byte[] buffer, int length) : base(buffer, 0, length, writable: false, publiclyVisible: true) => _buffer = buffer;

    /// <summary>Reads <paramref name="source"/> to its end into a pooled buffer, <paramref name="expected"/> bytes to begin with.</summary>
    public static async Task<PooledStream> ReadAsync(Stream source, int expected, CancellationToken cancellationToken)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var buffer = pool.Rent(expected + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0) return new PooledStream(buffer, length);
                length += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    /// <summary>Hands the pooled buffer and the message's length over to the caller, who gives the buffer back to the
    /// shared pool; null when the stream was read from or disposed.</summary>
    public (byte[] Buffer, int Length)? Detach()
    {
        if (Position != 0 || Interlocked.Exchange(ref _buffer, null) is not { } buffer) return null;
        return (buffer, (int)Length);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }
}
