using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>Builds the messages of the corpus: what customers' mailers really send.</summary>
public static class Mime
{
    public const string Customer = "marie.durand@college-pasteur.example";

    public static MimeMessage Reply(string subject, string text, params MimeEntity[] attachments)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Marie Durand", Customer));
        message.To.Add(new MailboxAddress("SAV", "sav@example.com"));
        message.Subject = subject;
        message.MessageId = MimeUtils.GenerateMessageId("customer.example");
        message.Date = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
        var body = new TextPart("plain") { Text = text };
        if (attachments.Length == 0) message.Body = body;
        else
        {
            var mixed = new Multipart("mixed") { body };
            foreach (var attachment in attachments) mixed.Add(attachment);
            message.Body = mixed;
        }
        return message;
    }

    public static MimePart File(string name, string mediaType, int size, bool inline = false, string? contentId = null)
    {
        var content = new byte[size];
        new Random(size + name.Length).NextBytes(content);
        return File(name, mediaType, content, inline, contentId);
    }

    public static MimePart File(string name, string mediaType, byte[] content, bool inline = false, string? contentId = null)
    {
        var part = new MimePart(mediaType)
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentDisposition = new ContentDisposition(inline ? ContentDisposition.Inline : ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = name,
        };
        if (contentId is not null) part.ContentId = contentId;
        return part;
    }

    public static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    /// <summary>A message written by hand, line by line, for what MimeKit would refuse to produce.</summary>
    public static byte[] Raw(string text, Encoding? encoding = null) =>
        (encoding ?? Encoding.UTF8).GetBytes(text.ReplaceLineEndings("\r\n"));

    /// <summary>A minimal TNEF stream (winmail.dat) carrying one attached file.</summary>
    public static byte[] Tnef(string fileName, byte[] content)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(0x223E9F78u);
        writer.Write((ushort)1);
        void Attribute(byte level, uint id, byte[] data)
        {
            writer.Write(level);
            writer.Write(id);
            writer.Write((uint)data.Length);
            writer.Write(data);
            writer.Write((ushort)(data.Sum(b => b) & 0xFFFF));
        }
        Attribute(1, 0x00089006, BitConverter.GetBytes(0x00010000u));
        Attribute(1, 0x00069007, [.. BitConverter.GetBytes(1252u), .. BitConverter.GetBytes(0u)]);
        Attribute(2, 0x00069002, [1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]);
        Attribute(2, 0x00018010, Encoding.ASCII.GetBytes(fileName + "\0"));
        Attribute(2, 0x0006800F, content);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Uuencodes content the classic way, as a block inside a text body.</summary>
    public static string Uuencode(string name, byte[] content)
    {
        static char C(int v) => v == 0 ? '`' : (char)(v + 32);
        var text = new StringBuilder($"begin 644 {name}\n");
        for (var i = 0; i < content.Length; i += 45)
        {
            var line = content.AsSpan(i, Math.Min(45, content.Length - i));
            text.Append(C(line.Length));
            for (var j = 0; j < line.Length; j += 3)
            {
                int b0 = line[j], b1 = j + 1 < line.Length ? line[j + 1] : 0, b2 = j + 2 < line.Length ? line[j + 2] : 0;
                text.Append(C(b0 >> 2)).Append(C((b0 << 4 | b1 >> 4) & 63)).Append(C((b1 << 2 | b2 >> 6) & 63)).Append(C(b2 & 63));
            }
            text.Append('\n');
        }
        return text.Append("`\nend\n").ToString();
    }
}
