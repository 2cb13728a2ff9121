using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Brands;
using Sav.Domain.Data;
using Sav.Domain.Text;

namespace Sav.Domain.Tickets;

/// <summary>
/// The statuses, brands, product families and response targets every opening reads: a few dozen rows that change
/// rarely, kept in memory so that openings read them outside the SQLite write gate. A snapshot
/// serves for <see cref="Lifetime"/>; a name it does not know makes it reload at once, so a family
/// or brand just added is matched by the next opening.
/// </summary>
public sealed class OpeningReferences(IDbContextFactory<SavDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private Snapshot? _current;

    /// <summary>The current snapshot; <paramref name="reload"/> reads the tables again.</summary>
    public async ValueTask<Snapshot> GetAsync(bool reload, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (!reload && current is not null && clock.GetUtcNow() - current.LoadedAt < Lifetime) return current;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var statuses = await db.Statuses.AsNoTracking().ToListAsync(cancellationToken);
        var brands = await db.Brands.AsNoTracking().ToListAsync(cancellationToken);
        var families = await db.ProductFamilies.AsNoTracking().Include(f => f.Products).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var targets = await db.SlaTargets.AsNoTracking().Where(t => t.ValidUntil == null || t.ValidUntil > now).ToListAsync(cancellationToken);
        var loaded = new Snapshot(
            statuses.ToDictionary(s => s.Code, StringComparer.Ordinal),
            brands.Select(b => new Keyed<Brand>(b, TextKey.Fold(b.Name), TextKey.Fold(b.Code))).ToList(),
            // The English form sends the English name: a family or product is known by either.
            families.Select(f => new Family(f.Id, TextKey.Fold(f.Name), TextKey.Fold(f.Code),
                f.Products.Select(p => new Keyed<int>(p.Id, TextKey.Fold(p.Name), TextKey.Fold(p.Code), Fold(p.NameEn))).ToList(),
                Fold(f.NameEn))).ToList(),
            targets,
            now);
        Volatile.Write(ref _current, loaded);
        return loaded;
    }

    private static string? Fold(string? name) => string.IsNullOrWhiteSpace(name) ? null : TextKey.Fold(name);

    public sealed record Keyed<T>(T Value, string NameKey, string CodeKey, string? EnglishKey = null)
    {
        public bool Matches(string key) => NameKey == key || CodeKey == key || EnglishKey == key;
    }

    public sealed record Family(int Id, string NameKey, string CodeKey, IReadOnlyList<Keyed<int>> Products, string? EnglishKey = null)
    {
        public bool Matches(string key) => NameKey == key || CodeKey == key || EnglishKey == key;
    }

    /// <summary>Read-only: the entities it hands out are copies, each for one unit of work.</summary>
    public sealed record Snapshot(
        IReadOnlyDictionary<string, Status> Statuses,
        IReadOnlyList<Keyed<Brand>> Brands,
        IReadOnlyList<Family> Families,
        IReadOnlyList<Sla.SlaTarget> Targets,
        DateTimeOffset LoadedAt)
    {
        public Status? StatusFor(string code) => Statuses.TryGetValue(code, out var status) ? Copy(status) : null;

        public Brand? DefaultBrand() => BrandDirectory.Default(Brands.Select(b => b.Value)) is { } brand ? Copy(brand) : null;

        /// <summary>The brand named or coded so (accents and case folded), or null.</summary>
        public Brand? BrandFor(string key) => Brands.FirstOrDefault(b => b.Matches(key))?.Value is { } brand ? Copy(brand) : null;

        public Family? FamilyFor(string key) => Families.FirstOrDefault(f => f.Matches(key));
    }

    // Brand and Status hold only values: a shallow copy lets each context track its own instance.
    private static readonly Func<object, object> ShallowCopy = typeof(object)
        .GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    private static T Copy<T>(T entity) where T : class => (T)ShallowCopy(entity);
}
