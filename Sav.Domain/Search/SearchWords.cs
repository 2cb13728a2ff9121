using System.Globalization;
using System.Text;

namespace Sav.Domain.Search;

/// <summary>What an analyst typed, made safe for the index: folded as the index folds (case, accents, ligatures), cut
/// into words of letters and digits (no operator, quote or parenthesis survives), each a prefix as they type.</summary>
public static class SearchWords
{
    public const int MaxWords = 10;
    public const int MaxLength = 200;

    public static IReadOnlyList<string> Of(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return [];
        var text = typed.Length > MaxLength ? typed[..MaxLength] : typed;
        var folded = Fold(text);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in folded.Append(' '))
        {
            if (char.IsLetterOrDigit(c)) { word.Append(c); continue; }
            if (word.Length > 0 && words.Count < MaxWords) words.Add(word.ToString());
            word.Clear();
        }
        // A letter alone is an elision (l', d', qu') or an initial: it says nothing, and costs a walk of the index.
        var meaningful = words.Where(w => w.Length > 1 || char.IsDigit(w[0])).Distinct().ToList();
        var kept = meaningful.Count > 0 ? meaningful : words.Distinct().ToList();
        // A whole address: its last label (« com », « fr », « example ») is in a large share of the index and tells nothing
        // the domain's name does not, but ranking walks every ticket that holds it (82 ms at a million tickets).
        return System.Net.Mail.MailAddress.TryCreate(text.Trim(), out var address) && address.Host.Contains('.') && address.Address == text.Trim()
            ? new AddressWords(kept.Count > 2 && address.Host.EndsWith(kept[^1], StringComparison.OrdinalIgnoreCase) ? kept[..^1] : kept) : kept;
    }

    /// <summary>Lower case, no diacritics, œ and æ written out.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Replace("œ", "oe").Replace("Œ", "oe").Replace("æ", "ae").Replace("Æ", "ae").ToLowerInvariant()
            .Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Only the last word is still being typed: it alone is a prefix, and only from two characters (a prefix of
    /// one letter walks every word of the index that starts with it: 5.5 s for a serial number at a million tickets).
    /// An e-mail address is pasted whole: its words are then exact, none the prefix of a word in every contact's address
    /// (a customer's e-mail 460 → see bench/README.md).</summary>
    private static bool IsPrefix(IReadOnlyList<string> words, int i) => i == words.Count - 1 && words[i].Length >= 2 && !IsAddress(words);

    /// <summary>Words marked as those of a whole e-mail address (<see cref="Of"/> adds the mark).</summary>
    private static bool IsAddress(IReadOnlyList<string> words) => words is AddressWords;

    private sealed class AddressWords(IEnumerable<string> words) : List<string>(words);

    /// <summary>An FTS5 query: every word, the last as a prefix.</summary>
    public static string ForSqlite(IReadOnlyList<string> words) =>
        string.Join(' ', words.Select((w, i) => IsPrefix(words, i) ? $"\"{w}\"*" : $"\"{w}\""));

    /// <summary>A to_tsquery text: every word, the last as a prefix.</summary>
    public static string ForPostgres(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select((w, i) => IsPrefix(words, i) ? $"{w}:*" : w));
}
