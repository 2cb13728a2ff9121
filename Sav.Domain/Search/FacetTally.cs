using System.Globalization;
using Sav.Domain.Tickets;

namespace Sav.Domain.Search;

/// <summary>Each facet's counts, « with the other facets applied »: a combination of the facets' columns that every
/// chosen facet keeps counts for every facet; one that a single facet refuses counts for that facet alone; one refused
/// by two counts for none.</summary>
public sealed class FacetTally
{
    public enum Facet { Status, Group, Family, Product, Brand, Warranty, Analyst, Channel, Language, Created, Updated }

    public Dictionary<int, int> Statuses { get; } = [];
    public Dictionary<StatusCategory, int> Groups { get; } = [];
    /// <summary>0 is « none » in families, products, brands and analysts.</summary>
    public Dictionary<int, int> Families { get; } = [];
    public Dictionary<int, int> Products { get; } = [];
    public Dictionary<int, int> Brands { get; } = [];
    public Dictionary<Warranty, int> Warranties { get; } = [];
    public Dictionary<int, int> Analysts { get; } = [];
    public Dictionary<Channel, int> Channels { get; } = [];
    public Dictionary<string, int> Languages { get; } = [];
    /// <summary>Tickets in each named period (<see cref="SearchPeriod.Named"/>), when the combinations carry them.</summary>
    public int[] Created { get; } = new int[SearchPeriod.Named.Length];
    public int[] Updated { get; } = new int[SearchPeriod.Named.Length];

    private readonly Dictionary<int, StatusCategory> _categories;

    public FacetTally(IReadOnlyList<Status> statuses) => _categories = statuses.ToDictionary(s => s.Id, s => s.Category);

    /// <summary>Counts combinations read one by one (those of the tickets some words select).</summary>
    public static FacetTally Of(SearchRequest r, IReadOnlyList<Status> statuses, IEnumerable<FacetCombo> combos)
    {
        var tally = new FacetTally(statuses);
        var chosen = Chosen.Of(r, statuses);
        foreach (var c in combos)
        {
            Facet? refused = null;
            var refusals = 0;
            foreach (var facet in Enum.GetValues<Facet>())
            {
                if (chosen.Keeps(facet, c)) continue;
                refusals++;
                refused = facet;
            }
            if (refusals > 1) continue;
            foreach (var facet in Enum.GetValues<Facet>())
                if (refusals == 0 || refused == facet) tally.Add(facet, Key(facet, c), c.Count);
        }
        return tally;
    }

    private static string Key(Facet facet, FacetCombo c) => facet switch
    {
        Facet.Status or Facet.Group => c.StatusId.ToString(CultureInfo.InvariantCulture),
        Facet.Family => c.FamilyId.ToString(CultureInfo.InvariantCulture),
        Facet.Product => c.ProductId.ToString(CultureInfo.InvariantCulture),
        Facet.Brand => c.BrandId.ToString(CultureInfo.InvariantCulture),
        Facet.Warranty => c.Warranty.ToString(),
        Facet.Analyst => c.AnalystId.ToString(CultureInfo.InvariantCulture),
        Facet.Channel => c.Channel.ToString(),
        Facet.Created => c.Created.ToString(CultureInfo.InvariantCulture),
        Facet.Updated => c.Updated.ToString(CultureInfo.InvariantCulture),
        _ => c.Language,
    };

    /// <summary>Adds <paramref name="count"/> tickets to a value of a facet, the value as the database writes it (a
    /// status id for the status and its group, an id, an enum's name, a language).</summary>
    public void Add(Facet facet, string key, int count)
    {
        int Id() => int.Parse(key, CultureInfo.InvariantCulture);
        switch (facet)
        {
            case Facet.Status: Add(Statuses, Id(), count); break;
            case Facet.Group: Add(Groups, _categories.GetValueOrDefault(Id()), count); break;
            case Facet.Family: Add(Families, Id(), count); break;
            case Facet.Product: Add(Products, Id(), count); break;
            case Facet.Brand: Add(Brands, Id(), count); break;
            case Facet.Warranty when Enum.TryParse<Warranty>(key, out var w): Add(Warranties, w, count); break;
            case Facet.Analyst: Add(Analysts, Id(), count); break;
            case Facet.Channel when Enum.TryParse<Channel>(key, out var c): Add(Channels, c, count); break;
            case Facet.Language: Add(Languages, key, count); break;
            case Facet.Created or Facet.Updated:
                var flags = Id();
                for (var i = 0; i < Created.Length; i++)
                    if ((flags & (1 << i)) != 0) (facet == Facet.Created ? Created : Updated)[i] += count;
                break;
        }
    }

    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key, int count) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + count;

    /// <summary>The values a request chose, facet by facet (an empty set: the facet is not chosen).</summary>
    internal sealed record Chosen(HashSet<int> Statuses, bool StatusChosen, HashSet<int> GroupStatuses, bool GroupChosen, HashSet<int> Families,
        HashSet<int> Products, HashSet<int> Brands, HashSet<Warranty> Warranties, HashSet<int> Analysts, HashSet<Channel> Channels, HashSet<string> Languages,
        int CreatedBit, int UpdatedBit)
    {
        /// <summary>The bit of a named period chosen, -1 for none (a range of days is applied by the database).</summary>
        private static int Bit(SearchPeriod? period) => period is null ? -1 : Array.IndexOf(SearchPeriod.Named, period.Key);

        public static Chosen Of(SearchRequest r, IReadOnlyList<Status> statuses) => new(
            statuses.Where(s => r.Statuses.Contains(s.Code)).Select(s => s.Id).ToHashSet(), r.Statuses.Count > 0,
            statuses.Where(s => r.Groups.Contains(s.Category)).Select(s => s.Id).ToHashSet(), r.Groups.Count > 0,
            r.Families.ToHashSet(), r.Products.ToHashSet(), r.Brands.ToHashSet(), r.Warranties.ToHashSet(), r.Analysts.ToHashSet(),
            r.Channels.ToHashSet(), r.Languages.ToHashSet(), Bit(r.Created), Bit(r.Updated));

        public bool Keeps(Facet facet, FacetCombo c) => facet switch
        {
            Facet.Status => !StatusChosen || Statuses.Contains(c.StatusId),
            Facet.Group => !GroupChosen || GroupStatuses.Contains(c.StatusId),
            Facet.Family => Families.Count == 0 || Families.Contains(c.FamilyId),
            Facet.Product => Products.Count == 0 || Products.Contains(c.ProductId),
            Facet.Brand => Brands.Count == 0 || Brands.Contains(c.BrandId),
            Facet.Warranty => Warranties.Count == 0 || Warranties.Contains(c.Warranty),
            Facet.Analyst => Analysts.Count == 0 || Analysts.Contains(c.AnalystId),
            Facet.Channel => Channels.Count == 0 || Channels.Contains(c.Channel),
            Facet.Created => CreatedBit < 0 || (c.Created & (1 << CreatedBit)) != 0,
            Facet.Updated => UpdatedBit < 0 || (c.Updated & (1 << UpdatedBit)) != 0,
            _ => Languages.Count == 0 || Languages.Contains(c.Language),
        };
    }
}
