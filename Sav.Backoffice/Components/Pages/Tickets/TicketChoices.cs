using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Resources;
using Sav.Domain.Data;

namespace Sav.Backoffice.Components.Pages.Tickets;

public sealed record Choice(int Id, string Label, int? ParentId = null);

/// <summary>The lists an analyst picks from on the ticket page.</summary>
public sealed record TicketChoices(
    IReadOnlyList<(string Code, string Display)> Statuses, IReadOnlyList<Choice> Analysts,
    IReadOnlyList<Choice> Families, IReadOnlyList<Choice> Products, IReadOnlyList<Choice> Brands)
{
    public static async Task<TicketChoices> LoadAsync(SavDbContext db, CancellationToken cancellationToken = default)
    {
        var statuses = await db.Statuses.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Code).ToListAsync(cancellationToken);
        return new TicketChoices(
            statuses.Select(s => (s.Code, s.DisplayIn(UiText.Language))).ToList(),
            await db.Analysts.Where(a => a.Active).OrderBy(a => a.DisplayName).Select(a => new Choice(a.Id, a.DisplayName, null)).ToListAsync(cancellationToken),
            await db.ProductFamilies.Where(f => f.Active).OrderBy(f => f.Order).ThenBy(f => f.Name).Select(f => new Choice(f.Id, f.Name, null)).ToListAsync(cancellationToken),
            await db.Products.Where(p => p.Active).OrderBy(p => p.Name).Select(p => new Choice(p.Id, p.Name, p.ProductFamilyId)).ToListAsync(cancellationToken),
            await db.Brands.OrderBy(b => b.Name).Select(b => new Choice(b.Id, b.Name, null)).ToListAsync(cancellationToken));
    }
}
