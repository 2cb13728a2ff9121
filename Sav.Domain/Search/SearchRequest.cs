using System.Globalization;
using Sav.Domain.Tickets;

namespace Sav.Domain.Search;

public enum SearchSort { Relevance, Updated, Created }

/// <summary>A period of creation or last update: since a local day began, or between two local days.</summary>
public sealed record SearchPeriod(string Key, DateOnly? From, DateOnly? To)
{
    public static readonly string[] Named = ["today", "7d", "30d", "year"];

    /// <summary>« today », « 7d », « 30d », « year » or « YYYY-MM-DD..YYYY-MM-DD » (either end open); null otherwise.</summary>
    public static SearchPeriod? Parse(string? text, DateOnly today)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "": return null;
            case "today": return new("today", today, null);
            case "7d": return new("7d", today.AddDays(-6), null);
            case "30d": return new("30d", today.AddDays(-29), null);
            case "year": return new("year", new DateOnly(today.Year, 1, 1), null);
        }
        var parts = text.Trim().Split("..");
        if (parts.Length != 2) return null;
        DateOnly? Day(string s) => DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var (from, to) = (Day(parts[0]), Day(parts[1]));
        if (from is null && to is null) return null;
        return new(text.Trim(), from, to);
    }
}

/// <summary>« Recherche »: words and facets, the whole of it in the page's query string. Values a facet does not know
/// are left out, never an error: a shared link that grew old still opens.</summary>
public sealed record SearchRequest
{
    public string? Words { get; init; }
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public IReadOnlyList<StatusCategory> Groups { get; init; } = [];
    public IReadOnlyList<int> Families { get; init; } = [];
    public IReadOnlyList<int> Products { get; init; } = [];
    public IReadOnlyList<int> Brands { get; init; } = [];
    public IReadOnlyList<Warranty> Warranties { get; init; } = [];
    /// <summary>Analyst ids; 0 is « non assigné ».</summary>
    public IReadOnlyList<int> Analysts { get; init; } = [];
    public IReadOnlyList<Channel> Channels { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<int> Clients { get; init; } = [];
    public SearchPeriod? Created { get; init; }
    public SearchPeriod? Updated { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    /// <summary>Where the previous page ended (keyset paging).</summary>
    public string? After { get; init; }
    public int PageSize { get; init; } = 50;

    public static readonly IReadOnlyDictionary<string, StatusCategory> GroupKeys = new Dictionary<string, StatusCategory>
    {
        ["open"] = StatusCategory.Open, ["customer"] = StatusCategory.WaitingOnCustomer,
        ["third"] = StatusCategory.WaitingOnThirdParty, ["closed"] = StatusCategory.Closed,
    };

    public static string KeyOf(StatusCategory group) => GroupKeys.First(g => g.Value == group).Key;

    /// <summary>Reads the query string (<paramref name="values"/> gives every value of a key).</summary>
    public static SearchRequest Parse(Func<string, IReadOnlyList<string>> values, DateOnly today)
    {
        IReadOnlyList<int> Ids(string key) => values(key).SelectMany(v => v.Split(','))
            .Select(v => v.Trim() == "none" ? 0 : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0).Distinct().Take(50).ToList();
        IReadOnlyList<T> Enums<T>(string key) where T : struct, Enum => values(key).SelectMany(v => v.Split(','))
            .Select(v => Enum.TryParse<T>(v.Trim(), ignoreCase: true, out var e) && Enum.IsDefined(e) && !int.TryParse(v, out _) ? (T?)e : null)
            .OfType<T>().Distinct().ToList();
        var words = values("q").FirstOrDefault();
        return new SearchRequest
        {
            Words = string.IsNullOrWhiteSpace(words) ? null : words.Length > 500 ? words[..500] : words,
            Statuses = values("status").SelectMany(v => v.Split(',')).Select(v => v.Trim().ToLowerInvariant())
                .Where(v => v.Length is > 0 and <= 8).Distinct().Take(50).ToList(),
            Groups = values("group").SelectMany(v => v.Split(',')).Select(v => GroupKeys.TryGetValue(v.Trim(), out var g) ? (StatusCategory?)g : null)
                .OfType<StatusCategory>().Distinct().ToList(),
            Families = Ids("family"),
            Products = Ids("product"),
            Brands = Ids("brand"),
            Warranties = Enums<Warranty>("warranty"),
            Analysts = Ids("analyst"),
            Channels = Enums<Channel>("channel"),
            Languages = values("lang").SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v is "fr" or "en").Distinct().ToList(),
            Clients = Ids("client"),
            Created = SearchPeriod.Parse(values("created").FirstOrDefault(), today),
            Updated = SearchPeriod.Parse(values("updated").FirstOrDefault(), today),
            Sort = Enum.TryParse<SearchSort>(values("sort").FirstOrDefault(), ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : SearchSort.Relevance,
            After = values("after").FirstOrDefault() is { Length: > 0 and <= 100 } after ? after : null,
        };
    }

    /// <summary>The query string of this search (without the paging cursor unless asked).</summary>
    public string ToQueryString(bool withCursor = false)
    {
        var parts = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(Words)) parts.Add(("q", Words));
        parts.AddRange(Statuses.Select(s => ("status", s)));
        parts.AddRange(Groups.Select(g => ("group", KeyOf(g))));
        parts.AddRange(Families.Select(f => ("family", f.ToString(CultureInfo.InvariantCulture))));
        parts.AddRange(Products.Select(p => ("product", p.ToString(CultureInfo.InvariantCulture))));
        parts.AddRange(Brands.Select(b => ("brand", b.ToString(CultureInfo.InvariantCulture))));
        parts.AddRange(Warranties.Select(w => ("warranty", w.ToString().ToLowerInvariant())));
        parts.AddRange(Analysts.Select(a => ("analyst", a == 0 ? "none" : a.ToString(CultureInfo.InvariantCulture))));
        parts.AddRange(Channels.Select(c => ("channel", c.ToString().ToLowerInvariant())));
        parts.AddRange(Languages.Select(l => ("lang", l)));
        parts.AddRange(Clients.Select(c => ("client", c.ToString(CultureInfo.InvariantCulture))));
        if (Created is not null) parts.Add(("created", Created.Key));
        if (Updated is not null) parts.Add(("updated", Updated.Key));
        if (Sort != SearchSort.Relevance) parts.Add(("sort", Sort.ToString().ToLowerInvariant()));
        if (withCursor && After is not null) parts.Add(("after", After));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }
}
