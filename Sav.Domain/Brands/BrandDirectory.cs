using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Text;

namespace Sav.Domain.Brands;

/// <summary>Which brand a page or a mail speaks for.</summary>
public static class BrandDirectory
{
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
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var brands = await db.Brands.AsNoTracking().ToListAsync(cancellationToken);
        var key = TextKey.Fold(code);
        return brands.FirstOrDefault(b => TextKey.Fold(b.Code) == key) ?? (exact ? null : Default(brands));
    }
}
