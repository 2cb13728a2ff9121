using System.Text;
using MimeKit;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>The one way a message's parts are walked and their text decoded: the sweep's parser, the machine-mail
/// classifier and the bounce reader all go through here, with one depth limit and one charset rule.</summary>
public static class MimeParts
{
    /// <summary>Deeper parts are not looked at: no person nests a reply this deep, and recursion stays bounded.</summary>
    public const int MaxDepth = 32;
    /// <summary>Parts looked at in one message, at most.</summary>
    public const int MaxParts = 2_000;

    /// <summary>The message's parts in order, multiparts opened, each with its depth and whether it is inside a
    /// forwarded message; forwarded messages (message/rfc822) are given as they are, and their parts follow only when
    /// <paramref name="intoMessages"/> says so. <paramref name="depth"/> is where <paramref name="root"/> itself stands.</summary>
    public static IEnumerable<(MimeEntity Part, int Depth, bool Forwarded)> Walk(MimeEntity? root, bool intoMessages = false, int depth = 0,
        bool forwarded = false)
    {
        if (root is null) yield break;
        var pending = new Stack<(MimeEntity Part, int Depth, bool Forwarded)>();
        pending.Push((root, depth, forwarded));
        var seen = 0;
        while (pending.Count > 0 && seen < MaxParts)
        {
            var current = pending.Pop();
            seen++;
            yield return current;
            if (current.Depth >= MaxDepth) continue;
            switch (current.Part)
            {
                case Multipart multipart:
                    for (var i = multipart.Count - 1; i >= 0; i--) pending.Push((multipart[i], current.Depth + 1, current.Forwarded));
                    break;
                case MessagePart { Message.Body: { } inner } when intoMessages:
                    pending.Push((inner, current.Depth + 1, true));
                    break;
            }
        }
    }

    /// <summary>A text part's text, whatever its charset says: MimeKit decodes the transfer encoding, the charset's
    /// encoding the characters (UTF-7 included); an unknown charset, or
    /// none, lets the bytes decide (UTF-8 when they are, Windows-1252 otherwise); a charset that lies gives what the
    /// bytes hold rather than an exception. At most <paramref name="maxBytes"/> bytes of content are read.</summary>
    public static string TextOf(TextPart part, int maxBytes = int.MaxValue)
    {
        if (part.Content is null) return "";
        byte[] bytes;
        try { bytes = Decoded(part, maxBytes); }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException) { return ""; }
        var charset = part.ContentType.Charset?.Trim();
        if (Known(charset) is { } declared)
        {
            var text = declared.GetString(bytes);
            // UTF-8 said, something else sent: the replacement characters show it, the bytes then decide.
            if (declared is not UTF8Encoding || !text.Contains('\uFFFD')) return text;
        }
        return Guess(bytes);
    }

    /// <summary>The decoded content of a part, up to <paramref name="maxBytes"/>.</summary>
    private static byte[] Decoded(MimePart part, int maxBytes)
    {
        using var output = new MemoryStream();
        using (var stream = part.Content!.Open())
        {
            var buffer = new byte[Math.Min(81_920, Math.Max(1, maxBytes))];
            int read;
            while (output.Length < maxBytes && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes - output.Length))) > 0)
                output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }

    /// <summary>The encoding a charset names, or null when it names none this runtime has (or says nothing, as US-ASCII
    /// on 8-bit text often does).</summary>
    private static Encoding? Known(string? charset)
    {
        if (string.IsNullOrEmpty(charset) || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)) return null;
        Sav.Domain.Text.CodePages.Register();
        if (charset.Equals("utf-7", StringComparison.OrdinalIgnoreCase) || charset.Equals("unicode-1-1-utf-7", StringComparison.OrdinalIgnoreCase))
        {
            // .NET refuses to look UTF-7 up by name (SYSLIB0001, about producing it); Exchange still sends reports in it,
            // and reading it is safe.
#pragma warning disable SYSLIB0001
            return new UTF7Encoding();
#pragma warning restore SYSLIB0001
        }
        try { return Encoding.GetEncoding(charset.Trim('"', '\'')); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException) { return null; }
    }

    private static string Guess(byte[] bytes)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException)
        {
            Sav.Domain.Text.CodePages.Register();
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }
}
