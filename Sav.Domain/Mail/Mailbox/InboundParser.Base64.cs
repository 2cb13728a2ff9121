using MimeKit;
using MimeKit.IO;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>The parser's machinery for photos and videos: base64 parts sized and decoded from the message's own bytes,
/// faster than MimeKit's tolerant decoder: the sweep files 74–95 replies/s with it against 50–51 with MimeKit's, at half
/// the CPU per message (bench/SweepBench, 7 Dec. 2026; the table in <c>bench/README.md</c>). The rules read without it.</summary>
public static partial class InboundParser
{
    /// <summary>A base64 part of a message loaded whole is a window on the message's bytes: its size is counted from there
    /// and it is decoded only when stored, straight into the store's stream. Null when the part is elsewhere or its
    /// characters cannot be clean base64.</summary>
    internal static AttachmentContent? LazyBase64(IMimeContent content, long maxBytes)
    {
        if (content.Stream is not BoundStream { BaseStream: MemoryStream whole } bound || !whole.TryGetBuffer(out var buffer)
            || bound.StartBoundary < 0 || bound.Length > int.MaxValue || bound.StartBoundary + bound.Length > buffer.Count) return null;
        var encoded = buffer.AsMemory((int)bound.StartBoundary, (int)bound.Length);
        var length = DecodedLength(encoded.Span);
        return length is { } known ? AttachmentContent.Base64(encoded, known, () => content.Open(), maxBytes) : null;
    }

    /// <summary>The size base64 lines decode to, or null when their characters cannot be whole quanta.</summary>
    internal static long? DecodedLength(ReadOnlySpan<byte> encoded)
    {
        // What is not a line break is base64, 4 characters for 3 bytes.
        var characters = encoded.Length - encoded.Count((byte)'\r') - encoded.Count((byte)'\n');
        if (characters % 4 != 0) return null;
        var end = encoded.TrimEnd("\r\n"u8);
        var padding = end.Length == 0 || end[^1] != '=' ? 0 : end.Length > 1 && end[^2] == '=' ? 2 : 1;
        return characters / 4 * 3 - padding;
    }

    /// <summary>Photos and videos are base64: the vectorised decoder of the runtime is several times faster than
    /// MimeKit's. Returns null for anything but clean base64 lines, which MimeKit's tolerant decoder then reads.</summary>
    internal static byte[]? FastBase64(IMimeContent content)
    {
        var stream = content.Stream;
        if (stream is null || !stream.CanSeek || stream.Length > int.MaxValue) return null;
        // A part of a message loaded whole is a window on the message's bytes: decoded from there, not copied first.
        if (stream is BoundStream { BaseStream: MemoryStream whole } bound && whole.TryGetBuffer(out var buffer)
            && bound.StartBoundary >= 0 && bound.StartBoundary + stream.Length <= buffer.Count)
            return FastBase64(buffer.AsSpan((int)bound.StartBoundary, (int)stream.Length));
        var size = (int)stream.Length;
        var encoded = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            stream.Position = 0;
            stream.ReadExactly(encoded, 0, size);
            stream.Position = 0;
            return FastBase64(encoded.AsSpan(0, size));
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(encoded); }
    }

    /// <summary>Decodes base64 lines separated by CR and LF only; null when anything else is there.</summary>
    internal static byte[]? FastBase64(ReadOnlySpan<byte> encoded)
    {
        // The size is known before decoding.
        if (DecodedLength(encoded) is not { } length) return null;
        var decoded = new byte[length];
        // Lines are joined in a small buffer that stays in the cache, and decoded from there a buffer at a time.
        Span<byte> chunk = stackalloc byte[16 * 1024];
        var pending = 0;
        var written = 0;
        var rest = encoded;
        while (true)
        {
            var line = rest.IndexOfAny((byte)'\r', (byte)'\n');
            var last = line < 0;
            if (last) line = rest.Length;
            if (line > chunk.Length - 4) return null;
            if (pending + line > chunk.Length)
            {
                // Whole quanta only; the 0 to 3 characters left over move to the front.
                var whole = pending / 4 * 4;
                if (!Decode(chunk[..whole], decoded, ref written, isFinalBlock: false)) return null;
                chunk[whole..pending].CopyTo(chunk);
                pending -= whole;
            }
            rest[..line].CopyTo(chunk[pending..]);
            pending += line;
            if (last) return Decode(chunk[..pending], decoded, ref written, isFinalBlock: true) && written == decoded.Length ? decoded : null;
            rest = rest[(line + 1)..];
        }
    }

    private static bool Decode(ReadOnlySpan<byte> encoded, byte[] decoded, ref int written, bool isFinalBlock)
    {
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(encoded, decoded.AsSpan(written), out var consumed, out var produced, isFinalBlock);
        written += produced;
        return status == System.Buffers.OperationStatus.Done && consumed == encoded.Length;
    }
}
