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
        return words.Distinct().ToList();
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

    /// <summary>An FTS5 query: every word, as a prefix.</summary>
    public static string ForSqlite(IReadOnlyList<string> words) => string.Join(' ', words.Select(w => $"\"{w}\"*"));

    /// <summary>A to_tsquery text: every word, as a prefix.</summary>
    public static string ForPostgres(IReadOnlyList<string> words) => string.Join(" & ", words.Select(w => $"{w}:*"));
}
