using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Text;

namespace Sav.Domain.Brands;

/// <summary>Which brand a page or a mail speaks for.</summary>
public static class BrandDirectory
{
    /// <summary>The brands each database (by its factory: one per host) last gave.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDbContextFactory<SavDbContext>, List<Brand>> LastRead = new();

    /// <summary>The default brand: the one marked so, else the first; null only when there is none.</summary>
    public static Brand? Default(IEnumerable<Brand> brands)
    {
        var list = brands as IReadOnlyCollection<Brand> ?? brands.ToList();
        return list.FirstOrDefault(b => b.IsDefault) ?? list.FirstOrDefault();
    }

    /// <summary>A brand by code, accents and case folded; without <paramref name="exact"/>, the default brand when the
    /// code is unknown or missing.</summary>
    public static async Task<Brand?> FindAsync(IDbContextFactory<SavDbContext> dbFactory, string? code, bool exact = false,
        CancellationToken cancellationToken = default)
    {
        List<Brand> brands;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            brands = await db.Brands.AsNoTracking().ToListAsync(cancellationToken);
            LastRead.AddOrUpdate(dbFactory, brands);
        }
        catch (Exception e) when (Journal.DatabaseFailure.IsUnavailable(e) && LastRead.TryGetValue(dbFactory, out var known))
        {
            // The database is away: the public pages keep their brand as last read, and their submissions go to the journal.
            brands = known;
        }
        var key = TextKey.Fold(code);
        return brands.FirstOrDefault(b => TextKey.Fold(b.Code) == key) ?? (exact ? null : Default(brands));
    }
}
