using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Reports;

/// <summary>Tickets opened in the period for one family (Product null: the family's line) or one of its products.</summary>
public sealed record ProductRow(string? Family, string? Product, int Tickets, int UnderWarranty)
{
    public double WarrantyShare => Tickets == 0 ? 0 : (double)UnderWarranty / Tickets;
}

public sealed record ProductsReport(ReportPeriod Period, IReadOnlyList<ProductRow> Families, IReadOnlyList<ProductRow> Products,
    int Total, int PreviousTotal);

public sealed record ClientCount(int? ClientId, string? Name, int Tickets, int PreviousTickets);

public sealed record ClientsReport(ReportPeriod Period, IReadOnlyList<ClientCount> Rows, int Total, int WithoutClient, int PreviousTotal);

public sealed partial class ReportQueries
{
    public const int TopClients = 20;

    public async Task<ProductsReport> ProductsAsync(ReportPeriod period, CancellationToken ct = default)
    {
        // The period's two halves counted apart, with the period before's total.
        var (pstart, pend) = Range(period.Previous);
        var previous = Apart(db => db.Tickets.CountAsync(t => t.CreatedAt >= pstart && t.CreatedAt < pend, ct), ct);
        var parts = await Task.WhenAll(Halves(period).Select(half => Apart(db =>
        {
            var (start, end) = Range(half);
            return db.Tickets.Where(t => t.CreatedAt >= start && t.CreatedAt < end)
                .GroupBy(t => new { t.ProductFamilyId, t.ProductId })
                .Select(g => new { g.Key.ProductFamilyId, g.Key.ProductId, Count = g.Count(), Warranty = g.Sum(t => t.Warranty == Warranty.Yes ? 1 : 0) })
                .ToListAsync(ct);
        }, ct)));
        var groups = parts.SelectMany(p => p).GroupBy(g => (g.ProductFamilyId, g.ProductId))
            .Select(g => (g.Key.ProductFamilyId, g.Key.ProductId, Count: g.Sum(x => x.Count), Warranty: g.Sum(x => x.Warranty))).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var families = await db.ProductFamilies.ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var products = await db.Products.ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        string? Family(int? id) => id is { } i ? families.GetValueOrDefault(i, $"#{i}") : null;

        var byFamily = groups.GroupBy(g => Family(g.ProductFamilyId))
            .Select(g => new ProductRow(g.Key, null, g.Sum(x => x.Count), g.Sum(x => x.Warranty)))
            .OrderByDescending(r => r.Tickets).ThenBy(r => r.Family).ToList();
        var byProduct = groups.Where(g => g.ProductId is not null)
            .Select(g => new ProductRow(Family(g.ProductFamilyId), products.GetValueOrDefault(g.ProductId!.Value, $"#{g.ProductId}"), g.Count, g.Warranty))
            .OrderByDescending(r => r.Tickets).ThenBy(r => r.Product).ToList();
        return new ProductsReport(period, byFamily, byProduct, groups.Sum(g => g.Count), await previous);
    }

    public async Task<ClientsReport> ClientsAsync(ReportPeriod period, CancellationToken ct = default)
    {
        // The period's two halves counted apart, with the period before's total.
        var (pstart, pend) = Range(period.Previous);
        var previousTotal = Apart(db => db.Tickets.CountAsync(t => t.CreatedAt >= pstart && t.CreatedAt < pend, ct), ct);
        var parts = await Task.WhenAll(Halves(period).Select(half => Apart(db =>
        {
            var (start, end) = Range(half);
            return db.Tickets.Where(t => t.CreatedAt >= start && t.CreatedAt < end)
                .GroupBy(t => t.ClientId).Select(g => new { ClientId = g.Key, Count = g.Count() }).ToListAsync(ct);
        }, ct)));
        var counts = parts.SelectMany(p => p).GroupBy(c => c.ClientId).Select(g => (ClientId: g.Key, Count: g.Sum(c => c.Count))).ToList();
        var top = counts.Where(c => c.ClientId is not null).OrderByDescending(c => c.Count).ThenBy(c => c.ClientId).Take(TopClients).ToList();
        var ids = top.Select(c => c.ClientId).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.Clients.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var before = await db.Tickets.Where(t => t.CreatedAt >= pstart && t.CreatedAt < pend && ids.Contains(t.ClientId))
            .GroupBy(t => t.ClientId).Select(g => new { ClientId = g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.ClientId!.Value, c => c.Count, ct);
        var rows = top.Select(c => new ClientCount(c.ClientId, names.GetValueOrDefault(c.ClientId!.Value), c.Count,
            before.GetValueOrDefault(c.ClientId!.Value))).ToList();
        return new ClientsReport(period, rows, counts.Sum(c => c.Count), counts.Where(c => c.ClientId is null).Sum(c => c.Count), await previousTotal);
    }

    private (DateTimeOffset Start, DateTimeOffset End) Range(ReportPeriod period) => (time.StartOf(period.From), time.StartOf(period.To.AddDays(1)));
}
