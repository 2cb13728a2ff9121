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
public static partial class InboundParser
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
        MimeMessage.Load(Options, new MemoryStream(raw, 0, length, writable: false, publiclyVisible: true), persistent: true, cancellationToken);

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

    /// <summary>The text whatever the declared charset (see <see cref="MimeParts.TextOf"/>).</summary>
    public static string SafeText(TextPart part) => MimeParts.TextOf(part);

    private static System.Text.Encoding Windows1252()
    {
        Text.CodePages.Register();
        return System.Text.Encoding.GetEncoding(1252);
    }
}
