using System.Collections.Concurrent;
using System.Text;

namespace Sav.Domain.Text;

/// <summary>
/// The legacy code pages (MimeKit needs them for old charsets and TNEF), with their answers kept.
/// <see cref="Encoding.GetEncoding(string)"/> asks the registered providers before its own encodings, and
/// <see cref="CodePagesEncodingProvider"/> searches its embedded tables again at each code page it does not
/// hold, UTF-8 among them: every <c>charset=utf-8</c> of a request or an answer paid that search, about a
/// tenth of the CPU of a ticket opening. This provider asks it once per name or number.
/// </summary>
public sealed class CodePages : EncodingProvider
{
    /// <summary>Names come from requests' content types: past this many, answers are not kept.</summary>
    public const int MaxKept = 256;

    private static readonly CodePages Instance = new();
    private readonly ConcurrentDictionary<int, Encoding?> _byNumber = new();
    private readonly ConcurrentDictionary<string, Encoding?> _byName = new(StringComparer.OrdinalIgnoreCase);

    private CodePages() { }

    /// <summary>Registers the code pages for the whole process; again is harmless.</summary>
    public static void Register() => Encoding.RegisterProvider(Instance);

    public override Encoding? GetEncoding(int codepage) =>
        _byNumber.TryGetValue(codepage, out var known) ? known : Keep(_byNumber, codepage, CodePagesEncodingProvider.Instance.GetEncoding(codepage));

    public override Encoding? GetEncoding(string name) =>
        _byName.TryGetValue(name, out var known) ? known : Keep(_byName, name, CodePagesEncodingProvider.Instance.GetEncoding(name));

    public override IEnumerable<EncodingInfo> GetEncodings() => CodePagesEncodingProvider.Instance.GetEncodings();

    private static Encoding? Keep<TKey>(ConcurrentDictionary<TKey, Encoding?> kept, TKey key, Encoding? encoding) where TKey : notnull
    {
        if (kept.Count < MaxKept) kept.TryAdd(key, encoding);
        return encoding;
    }
}
