using Microsoft.EntityFrameworkCore;
using Sav.Domain.Brands;
using Sav.Domain.Tickets;

namespace Sav.Domain.Data;

public static class ReferenceData
{
    /// <summary>Creates or upgrades the schema, then makes sure the statuses the lifecycle needs
    /// and a default brand exist. Existing rows are never overwritten: they are the team's own.</summary>
    public static async Task MigrateAsync(SavDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await EnsureAsync(db, cancellationToken);
    }

    /// <param name="progress">How far the search index is built, when a database from before it gets it.</param>
    public static async Task EnsureAsync(SavDbContext db, CancellationToken cancellationToken = default,
        IProgress<(long Done, long Total)>? progress = null)
    {
        await QuartzSchema.EnsureAsync(db, cancellationToken);
        var existing = await db.Statuses.Select(s => s.Code).ToListAsync(cancellationToken);
        foreach (var status in WellKnownStatus.Seed.Where(s => !existing.Contains(s.Code)))
        {
            db.Statuses.Add(new Status
            {
                Code = status.Code, Label = status.Label, LabelEn = status.LabelEn, Category = status.Category, Order = status.Order,
                CustomerLabel = status.CustomerLabel, CustomerLabelEn = status.CustomerLabelEn,
            });
        }
        // A database from before customers had their own wording: the well-known statuses the team has not renamed get it.
        foreach (var status in await db.Statuses.Where(s => s.CustomerLabel == null && s.CustomerLabelEn == null).ToListAsync(cancellationToken))
        {
            if (WellKnownStatus.Seed.FirstOrDefault(w => w.Code == status.Code && w.Label == status.Label) is { } seed)
                (status.CustomerLabel, status.CustomerLabelEn) = (seed.CustomerLabel, seed.CustomerLabelEn);
        }
        if (!await db.Brands.AnyAsync(cancellationToken))
        {
            db.Brands.Add(new Brand
            {
                Code = "sav", Name = "Service après-vente", SenderName = "Service après-vente",
                SenderAddress = "sav@example.com", IsDefault = true,
            });
        }
        if (!await db.Counters.AnyAsync(c => c.Name == TicketCode.CounterName, cancellationToken))
            db.Counters.Add(new Counter { Name = TicketCode.CounterName, Value = 0 });
        await db.SaveChangesAsync(cancellationToken);
        await Sla.SlaBackfill.RunAsync(db, cancellationToken);
        await Search.SearchIndex.EnsureAsync(db, progress, cancellationToken);
        await Search.FacetCounts.EnsureAsync(db, cancellationToken);
    }
}
