using System.Security.Cryptography;
using MimeKit;
using MimeKit.IO;
using MimeKit.Tnef;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>One attachment found in a message; <see cref="Content"/> is null when it was over the size limit. A base64
/// content reads the message's bytes when it is stored: the message must stay in memory until then.</summary>
public sealed record InboundAttachment(string Name, string MediaType, long Size, AttachmentContent? Content);

/// <summary>What the sweep needs from a message, read once and bounded.</summary>
public sealed class ParsedMail
{
    public required string MessageId { get; init; }
    public string? FromAddress { get; init; }
    public string? FromName { get; init; }
    public string? Subject { get; init; }
    /// <summary>In-Reply-To then References: the Message-IDs the message answers.</summary>
    public IReadOnlyList<string> References { get; init; } = [];
    public string Text { get; set; } = "";
    public List<InboundAttachment> Attachments { get; } = [];
}

/// <summary>Reads a raw message with MimeKit, tolerant of what customers' mailers send: wrong or missing
/// charsets, 8-bit headers, RFC 2047/2231 names, uuencode, TNEF, forwarded messages, deep nesting.</summary>
public static class InboundParser
{
    public const int MaxDepth = MimeParts.MaxDepth;
    public const int MaxParts = MimeParts.MaxParts;
    /// <summary>Images this small are spacers and tracking pixels.</summary>
    public const int PixelBytes = 1024;
    /// <summary>Inline images (a Content-Id, not an attachment) this small are signature logos.</summary>
    public const int SignatureImageBytes = 40 * 1024;

    public static readonly ParserOptions Options = new()
    {
        MaxMimeDepth = MaxDepth * 2,
        ParameterComplianceMode = RfcComplianceMode.Loose,
        Rfc2047ComplianceMode = RfcComplianceMode.Loose,
        AddressParserComplianceMode = RfcComplianceMode.Loose,
        AllowAddressesWithoutDomain = true,
        // 8-bit headers that are not UTF-8 are most often Windows-1252 in this customer base.
        CharsetEncoding = Windows1252(),
    };

    /// <summary>Parses the message as a window on <paramref name="raw"/>: the parts' contents read its bytes, which must
    /// stay as they are while the message is used.</summary>
    public static MimeMessage Load(byte[] raw, int length, CancellationToken cancellationToken) =>
        LongBodies.Load(Options, raw, length, cancellationToken);

    /// <summary>The Message-ID, or a stable synthetic one (a hash of the raw bytes) when there is none.</summary>
    public static string MessageIdOf(MimeMessage message, ReadOnlySpan<byte> raw)
    {
        var id = message.MessageId;
        if (string.IsNullOrWhiteSpace(id)) id = message.Headers[HeaderId.MessageId]?.Trim().Trim('<', '>').Trim();
        if (!string.IsNullOrWhiteSpace(id) && id.Length <= 900) return id;
        return $"{Convert.ToHexStringLower(SHA256.HashData(raw))}@synthetic.sav";
    }

    public static ParsedMail Read(MimeMessage message, string messageId, long maxAttachmentBytes, CancellationToken cancellationToken)
    {
        var from = message.From.Mailboxes.FirstOrDefault();
        var references = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo)) references.Add(message.InReplyTo);
        references.AddRange(message.References.Where(r => !references.Contains(r)));
        var mail = new ParsedMail
        {
            MessageId = messageId,
            FromAddress = from?.Address,
            FromName = from?.Name,
            Subject = message.Subject,
            References = references.Take(50).ToList(),
        };
        var walk = new Walk(maxAttachmentBytes, cancellationToken);
        walk.Visit(message.Body, 0, forwarded: false);
        var (text, blocks) = Uuencode.Extract(walk.Plain ?? (walk.Html is null ? "" : ReplyText.HtmlToText(walk.Html, cancellationToken)));
        mail.Text = ReplyText.FromPlain(text, cancellationToken);
        foreach (var block in blocks)
            walk.Add(block.Name, MimeTypes.GetMimeType(block.Name), block.Content.Length, AttachmentContent.Of(block.Content, maxAttachmentBytes));
        mail.Attachments.AddRange(walk.Attachments);
        return mail;
    }

    private sealed class Walk(long maxAttachmentBytes, CancellationToken cancellationToken)
    {
        private int _parts;
        public string? Plain { get; private set; }
        public string? Html { get; private set; }
        public List<InboundAttachment> Attachments { get; } = [];

        /// <param name="forwarded">True inside forwarded messages: their text is history, their files are the customer's.</param>
        public void Visit(MimeEntity? root, int depth, bool forwarded)
        {
            foreach (var (entity, at, inForwarded) in MimeParts.Walk(root, intoMessages: true, depth, forwarded))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++_parts > MaxParts) return;
                switch (entity)
                {
                    case TnefPart tnef:
                        VisitTnef(tnef, at);
                        break;
                    case TextPart text when !IsAttachment(text) && (text.IsPlain || text.IsHtml):
                        if (inForwarded) break;
                        if (text.IsPlain && Plain is null) Plain = SafeText(text);
                        else if (text.IsHtml && Html is null) Html = SafeText(text);
                        break;
                    case MimePart part:
                        VisitPart(part, at);
                        break;
                }
            }
        }

        private void VisitPart(MimePart part, int depth)
        {
            if (part.ContentType.MimeType is "application/pkcs7-signature" or "application/x-pkcs7-signature" or "application/pgp-signature")
                return;
            var name = part.FileName;
            if (string.Equals(name, "winmail.dat", StringComparison.OrdinalIgnoreCase) && part.Content is not null)
            {
                VisitTnef(new TnefPart { Content = part.Content }, depth);
                return;
            }
            var content = Decode(part);
            if (content is null) return;
            if (part.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase) && IsDecoration(part, content.Length)) return;
            if (name is not null && name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) && content.Length <= maxAttachmentBytes)
            {
                // A forwarded message sent as a plain file: its attachments are what the customer meant.
                try
                {
                    var inner = MimeMessage.Load(Options, new MemoryStream(content.ToArray()), cancellationToken);
                    Visit(inner.Body, depth + 1, forwarded: true);
                    return;
                }
                catch (FormatException) { }
            }
            Add(name ?? Unnamed(part), part.ContentType.MimeType, content.Length, content.Length > maxAttachmentBytes ? null : content);
        }

        private void VisitTnef(TnefPart tnef, int depth)
        {
            MimeMessage converted;
            try { converted = tnef.ConvertToMessage(); }
            catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException or IOException or MimeKit.Tnef.TnefException)
            {
                // An unreadable winmail.dat is still the customer's file: keep it as it came.
                var raw = Decode(tnef);
                if (raw is not null) Add(tnef.FileName ?? "winmail.dat", "application/ms-tnef", raw.Length, raw.Length > maxAttachmentBytes ? null : raw);
                return;
            }
            foreach (var attachment in converted.BodyParts.OfType<MimePart>().Where(p => p.IsAttachment || p is not TextPart))
                VisitPart(attachment, depth + 1);
        }

        public void Add(string name, string mediaType, long size, AttachmentContent? content)
        {
            if (size == 0) return;
            Attachments.Add(new InboundAttachment(name, mediaType, size, content));
        }

        private int _unnamed;
        private string Unnamed(MimePart part) =>
            $"piece-jointe-{++_unnamed}{(MimeTypes.TryGetExtension(part.ContentType.MimeType, out var extension) ? extension : ".bin")}";

        private AttachmentContent? Decode(MimePart part)
        {
            if (part.Content is not { } content) return null;
            if (content.Encoding == ContentEncoding.Base64)
            {
                if (LazyBase64(content, maxAttachmentBytes) is { } lazy) return lazy;
                if (FastBase64(content) is { } fast) return AttachmentContent.Of(fast, maxAttachmentBytes);
            }
            using var output = new MemoryStream();
            try { content.DecodeTo(output, cancellationToken); }
            catch (Exception e) when (e is FormatException or InvalidDataException or IOException) { return null; }
            return AttachmentContent.Of(output.ToArray(), maxAttachmentBytes);
        }

        private static bool IsDecoration(MimePart image, long size) =>
            size < PixelBytes
            || (!string.IsNullOrEmpty(image.ContentId) && !IsExplicitAttachment(image) && size < SignatureImageBytes);

        private static bool IsExplicitAttachment(MimeEntity entity) =>
            entity.ContentDisposition?.Disposition?.Equals(ContentDisposition.Attachment, StringComparison.OrdinalIgnoreCase) == true;

        private static bool IsAttachment(TextPart text) => IsExplicitAttachment(text) || text.FileName is not null;
    }

    /// <summary>A base64 part of a message loaded whole is a window on the message's bytes: its size is counted from there
    /// and it is decoded only when stored, straight into the store's stream. Null when the part is elsewhere or its
    /// characters cannot be clean base64.</summary>
    internal static AttachmentContent? LazyBase64(IMimeContent content, long maxBytes)
    {
        if (content.Stream is not BoundStream { BaseStream: MemoryStream whole } bound || !whole.TryGetBuffer(out var buffer)
            || bound.StartBoundary < 0 || bound.Length > int.MaxValue || bound.StartBoundary + bound.Length > buffer.Count) return null;
        var encoded = buffer.AsMemory((int)bound.StartBoundary, (int)bound.Length);
        var length = UniformLength(encoded.Span) is { } uniform && uniform <= maxBytes ? uniform : DecodedLength(encoded.Span);
        return length is { } known ? AttachmentContent.Base64(encoded, known, () => content.Open(), maxBytes) : null;
    }

    /// <summary>Parts this large whose lines look all alike have their size worked out from the first and last lines.</summary>
    internal const int UniformFrom = 256 * 1024;

    /// <summary>The size base64 lines decode to when they are all as long as the first (a multiple of 4) but the last, each
    /// followed by the first's line break: worked out from the first and last lines, without reading the others. Null
    /// when the part is small or those lines say otherwise. The decoding checks the rest: lines that were not alike give
    /// another size, and the part is then decoded again by the tolerant decoder. At this size the figure cannot be small
    /// enough to take a photo for a tracking pixel or a signature logo (a quarter of the part's characters at least).</summary>
    internal static long? UniformLength(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < UniformFrom) return null;
        var firstBreak = encoded.IndexOf((byte)'\n');
        if (firstBreak < 1) return null;
        var breakLength = encoded[firstBreak - 1] == '\r' ? 2 : 1;
        var line = firstBreak + 1 - breakLength;
        if (line < 4 || line % 4 != 0 || encoded[..line].IndexOfAny((byte)'\r', (byte)'\n') >= 0) return null;
        var end = encoded.TrimEnd("\r\n"u8);
        var stride = line + breakLength;
        var fullLines = end.Length / stride;
        if (fullLines == 0) return null;
        var last = end.Length - fullLines * stride;
        // The last line: 1 to line characters after the last full line's break, with no break of their own.
        if (last == 0 || last > line || end[^last..].IndexOfAny((byte)'\r', (byte)'\n') >= 0) return null;
        var lastBreak = end.Slice(fullLines * stride - breakLength, breakLength);
        if (!lastBreak.SequenceEqual(breakLength == 2 ? "\r\n"u8 : "\n"u8) || end[fullLines * stride - breakLength - 1] is (byte)'\r' or (byte)'\n') return null;
        var characters = (long)fullLines * line + last;
        if (characters % 4 != 0) return null;
        var padding = end[^1] != '=' ? 0 : end[^2] == '=' ? 2 : 1;
        return characters / 4 * 3 - padding;
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

    /// <summary>The text whatever the declared charset (see <see cref="MimeParts.TextOf"/>).</summary>
    public static string SafeText(TextPart part) => MimeParts.TextOf(part);

    private static System.Text.Encoding Windows1252()
    {
        Text.CodePages.Register();
        return System.Text.Encoding.GetEncoding(1252);
    }
}
