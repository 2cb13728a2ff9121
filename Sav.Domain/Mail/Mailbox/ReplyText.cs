using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Text;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>What the customer wrote in a reply, without the quoted history and the signature.</summary>
public static partial class ReplyText
{
    /// <summary>Longer bodies are cut: a reply is read by an analyst, not archived here (the raw mail is).</summary>
    public const int MaxLength = 20_000;
    private const int MaxHtmlChars = 4 * 1024 * 1024;

    public static string FromPlain(string text, CancellationToken cancellationToken = default)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var line = lines[i].TrimEnd();
            if (IsSignatureStart(line) || IsHistoryStart(line, i + 1 < lines.Length ? lines[i + 1] : null, lines.AsSpan(i + 1))) break;
            if (line.TrimStart().StartsWith('>')) continue;
            kept.Add(line);
        }
        var result = string.Join('\n', kept).Trim();
        result = BlankLines().Replace(result, "\n\n");
        return result.Length > MaxLength ? result[..MaxLength] + "…" : result;
    }

    /// <summary>The visible text of an HTML body; quoted blocks (blockquote, Gmail's and Outlook's reply
    /// containers) and everything after them are left out.</summary>
    public static string HtmlToText(string html, CancellationToken cancellationToken = default)
    {
        // What a person wrote fits well within this; a bigger body is cut rather than read for minutes.
        if (html.Length > MaxHtmlChars) html = html[..MaxHtmlChars];
        var text = new StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var skipDepth = 0;
        string? skipTag = null;
        var tokens = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            if ((++tokens & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (token is HtmlTagToken tag)
            {
                var name = tag.Name.ToLowerInvariant();
                if (skipTag is not null)
                {
                    if (name == skipTag && !tag.IsEmptyElement) skipDepth += tag.IsEndTag ? -1 : 1;
                    if (skipDepth == 0) skipTag = null;
                    continue;
                }
                if (!tag.IsEndTag && IsQuoteContainer(name, tag)) break;
                if (!tag.IsEndTag && !tag.IsEmptyElement && name is "script" or "style" or "head" or "title")
                {
                    skipTag = name;
                    skipDepth = 1;
                    continue;
                }
                if (name is "br" or "p" or "div" or "tr" or "li" or "h1" or "h2" or "h3" or "h4" or "table") text.Append('\n');
            }
            else if (skipTag is null && token is HtmlDataToken data)
            {
                text.Append(Whitespace().Replace(data.Data, " "));
            }
        }
        // The tokenizer decoded the character references already: « &amp;lt; » as a customer typed it stays « &lt; ».
        return string.Join('\n', text.ToString().Split('\n').Select(l => l.Trim()));
    }

    private static bool IsQuoteContainer(string name, HtmlTagToken tag)
    {
        if (name == "blockquote") return true;
        foreach (var attribute in tag.Attributes)
        {
            var value = attribute.Value ?? "";
            if (attribute.Name.Equals("class", StringComparison.OrdinalIgnoreCase)
                && (value.Contains("gmail_quote", StringComparison.OrdinalIgnoreCase) || value.Contains("moz-cite-prefix", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("yahoo_quoted", StringComparison.OrdinalIgnoreCase)))
                return true;
            if (attribute.Name.Equals("id", StringComparison.OrdinalIgnoreCase)
                && (value.Equals("divRplyFwdMsg", StringComparison.OrdinalIgnoreCase) || value.Equals("appendonsend", StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }

    private static bool IsSignatureStart(string line) =>
        line is "--" or "-- " || SentFrom().IsMatch(line);

    private static bool IsHistoryStart(string line, string? next, ReadOnlySpan<string> following)
    {
        if (OriginalMessage().IsMatch(line)) return true;
        if (Wrote().IsMatch(line)) return true;
        // "Le lun. 2 nov. 2026 à 09:00, Sav <sav@x> a" + "écrit :" wrapped over two lines.
        if (next is not null && WroteStart().IsMatch(line) && Wrote().IsMatch(line + " " + next.Trim())) return true;
        // Outlook's header block: "De : …" then "Envoyé : …" / "Sent: …" a few lines below.
        if (HeaderFrom().IsMatch(line))
        {
            for (var j = 0; j < Math.Min(4, following.Length); j++)
                if (HeaderSent().IsMatch(following[j])) return true;
        }
        return false;
    }

    [GeneratedRegex(@"^\s*(Envoyé de mon|Envoyé depuis|Sent from my|Von meinem .* gesendet|Get Outlook for)", RegexOptions.IgnoreCase, 200)]
    private static partial Regex SentFrom();

    [GeneratedRegex(@"^\s*(-{2,}|_{2,})?\s*(Original Message|Message d'origine|Message original|Mensaje original|Ursprüngliche Nachricht|Forwarded message|Message transféré)\s*(-{2,})?\s*$|^_{20,}\s*$",
        RegexOptions.IgnoreCase, 200)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\s*(On|Le|Am|El|Il|Op)\s.{4,300}(wrote|a écrit|a ecrit|schrieb|escribió|ha scritto|schreef)\s*:?\s*$", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Wrote();

    [GeneratedRegex(@"^\s*(On|Le|Am|El|Il|Op)\s.{4,300}", RegexOptions.IgnoreCase, 200)]
    private static partial Regex WroteStart();

    [GeneratedRegex(@"^\s*\*?(De|From|Von|Da)\s*\*?\s*:\s*\S", RegexOptions.IgnoreCase, 200)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\s*\*?(Envoyé|Sent|Gesendet|Date|Inviato|Enviado)\s*\*?\s*:", RegexOptions.IgnoreCase, 200)]
    private static partial Regex HeaderSent();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
