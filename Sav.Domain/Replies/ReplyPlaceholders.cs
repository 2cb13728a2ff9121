using System.Text.RegularExpressions;
using Sav.Domain.Tickets;

namespace Sav.Domain.Replies;

/// <summary>A template's text filled for one ticket, with what could not be filled: <paramref name="Unknown"/> names
/// no placeholder Sav knows (a typo), <paramref name="Empty"/> has no value on this ticket (no client linked). Both
/// stay in <paramref name="Text"/> as typed, and a message still holding one is refused: never mailed raw.</summary>
public sealed record FilledReply(string Text, IReadOnlyList<string> Unknown, IReadOnlyList<string> Empty)
{
    public bool Complete => Unknown.Count == 0 && Empty.Count == 0;
}

/// <summary>The placeholders of « réponses types » and their values on a ticket.</summary>
public static partial class ReplyPlaceholders
{
    public const string Client = "client.nom", Contact = "contact.nom", Code = "ticket.code", Subject = "ticket.sujet",
        Analyst = "analyste.nom", Brand = "marque";

    /// <summary>Every placeholder, in the order the template form lists them.</summary>
    public static IReadOnlyList<string> Known { get; } = [Client, Contact, Code, Subject, Analyst, Brand];

    /// <summary>A value longer than this (a client's name pasted with its whole address) is cut, with an ellipsis.</summary>
    public const int ValueLength = 200;

    /// <summary>The values for <paramref name="ticket"/> (its Client, Contact and Brand loaded), written by
    /// <paramref name="analyst"/>; <paramref name="defaultBrand"/> names a ticket that has none.</summary>
    public static IReadOnlyDictionary<string, string?> For(Ticket ticket, string? analyst, string? defaultBrand) =>
        new Dictionary<string, string?>
        {
            [Client] = ticket.Client?.Name ?? ticket.CustomerText,
            [Contact] = ticket.Contact?.Name,
            [Code] = ticket.Code,
            [Subject] = ticket.Subject,
            [Analyst] = analyst,
            [Brand] = ticket.Brand?.Name ?? defaultBrand,
        };

    public static FilledReply Fill(string body, IReadOnlyDictionary<string, string?> values)
    {
        var unknown = new List<string>();
        var empty = new List<string>();
        var text = Placeholder().Replace(body.ReplaceLineEndings("\n"), match =>
        {
            var name = match.Groups["name"].Value.Trim().ToLowerInvariant();
            if (!values.TryGetValue(name, out var value)) Add(unknown, match.Value);
            else if (Clean(value) is { Length: > 0 } clean) return clean;
            else Add(empty, match.Value);
            return match.Value;
        });
        return new FilledReply(text, unknown, empty);
    }

    /// <summary>The placeholders still in a message, as written: a message holding one is not sent.</summary>
    public static IReadOnlyList<string> Left(string text)
    {
        var left = new List<string>();
        foreach (Match match in Placeholder().Matches(text)) Add(left, match.Value);
        return left;
    }

    /// <summary>A value as it goes in a sentence: one line (a name has no business breaking the message), its spaces
    /// collapsed, at most <see cref="ValueLength"/> characters. Markup stays text: the mail encodes every message.</summary>
    private static string Clean(string? value)
    {
        var line = Mail.Templates.MailRenderer.HeaderText(value);
        return line.Length <= ValueLength ? line : line[..(ValueLength - 1)].TrimEnd() + "…";
    }

    private static void Add(List<string> list, string item)
    {
        if (!list.Contains(item)) list.Add(item);
    }

    [GeneratedRegex(@"\{\{(?<name>[^{}\r\n]{0,60})\}\}")]
    private static partial Regex Placeholder();
}
