using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sav.Domain.Clients;
using Sav.Domain.Data;

namespace Sav.Domain.Erp;

/// <summary>How the ERP sync last went: what the client pages and « Santé » show. One row.</summary>
public class ErpSyncState
{
    public int Id { get; set; } = 1;
    public DateTimeOffset? LastSucceededAt { get; set; }
    public DateTimeOffset? LastFailedAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>The last successful sync's counts, in French.</summary>
    public string? LastReport { get; set; }

    public bool Failing => LastFailedAt is { } failed && (LastSucceededAt is not { } succeeded || failed > succeeded);
}

public sealed record ErpSyncReport(int Created, int Updated, int Unchanged, int Removed, int Restored)
{
    public override string ToString() =>
        $"{Created} créé(s), {Updated} mis à jour, {Unchanged} inchangé(s), {Removed} retiré(s) de l'ERP, {Restored} revenu(s)";
}

/// <summary>
/// Upserts every client of the ERP into the database, which is the cache every page reads: keyed on the ERP id, a
/// client the ERP no longer lists marked as removed (never deleted: its tickets keep it), one that comes back unmarked.
/// Tickets' links to clients are not touched: one an analyst made stays. A failure changes nothing, is logged in one
/// line and recorded for the pages.
/// </summary>
public sealed class ErpSync(ErpClient erp, IDbContextFactory<SavDbContext> dbFactory, TimeProvider clock, ILogger<ErpSync> logger)
{
    public async Task<ErpSyncReport> RunAsync(CancellationToken ct = default)
    {
        try
        {
            var records = new Dictionary<string, ErpRecord>(StringComparer.OrdinalIgnoreCase);
            for (var page = 1; ; page++)
            {
                var items = await erp.PageAsync(page, ct);
                foreach (var record in items) records[record.ErpId] = record;
                if (items.Count == 0 || items.Count < erp.PageSize) break;
                if (page > 100_000) throw new ErpException("l'ERP donne des pages sans fin");
            }
            if (records.Count == 0 && await AnyFromErpAsync(ct))
                throw new ErpException("l'ERP n'a donné aucun client : aucun n'est retiré, la liste précédente reste en place");
            var report = await ApplyAsync(records.Values, complete: true, ct);
            await RecordAsync(s => (s.LastSucceededAt, s.LastReport) = (clock.GetUtcNow(), report.ToString()), ct);
            logger.LogInformation("ERP sync: {Report}", report);
            return report;
        }
        catch (ErpException e)
        {
            logger.LogWarning("ERP sync failed: {Reason}", e.Message);
            await RecordAsync(s => (s.LastFailedAt, s.LastError) = (clock.GetUtcNow(), e.Message), ct);
            throw;
        }
    }

    /// <summary>Refreshes one client now (« Synchroniser »): false when it has no ERP id.</summary>
    public async Task<bool> RefreshAsync(int clientId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var erpId = await db.Clients.Where(c => c.Id == clientId).Select(c => c.ErpId).SingleOrDefaultAsync(ct);
        if (erpId is null) return false;
        var record = await erp.ClientAsync(erpId, ct);
        if (record is null)
        {
            await db.Clients.Where(c => c.Id == clientId && c.ErpRemovedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.ErpRemovedAt, clock.GetUtcNow()), ct);
            return true;
        }
        await ApplyAsync([record], complete: false, ct);
        return true;
    }

    private async Task<ErpSyncReport> ApplyAsync(IEnumerable<ErpRecord> records, bool complete, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var known = await db.Clients.Where(c => c.ErpId != null).ToDictionaryAsync(c => c.ErpId!, StringComparer.OrdinalIgnoreCase, ct);
        int created = 0, updated = 0, unchanged = 0, removed = 0, restored = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records)
        {
            seen.Add(record.ErpId);
            var extra = record.Extra.Count == 0 ? null : JsonSerializer.Serialize(record.Extra);
            if (!known.TryGetValue(record.ErpId, out var client))
            {
                db.Clients.Add(new Client
                {
                    ErpId = record.ErpId, Name = record.Name, Address = record.Address, Phone = record.Phone, EmailDomain = record.EmailDomain,
                    ErpExtra = extra, CreatedAt = now, ErpSyncedAt = now,
                });
                created++;
                continue;
            }
            if (client.ErpRemovedAt is not null) { client.ErpRemovedAt = null; restored++; }
            if ((client.Name, client.Address, client.Phone, client.EmailDomain, client.ErpExtra) == (record.Name, record.Address, record.Phone, record.EmailDomain, extra))
                unchanged++;
            else
            {
                (client.Name, client.Address, client.Phone, client.EmailDomain, client.ErpExtra) = (record.Name, record.Address, record.Phone, record.EmailDomain, extra);
                updated++;
            }
            client.ErpSyncedAt = now;
        }
        if (complete)
        {
            // Only a client the ERP once gave: one imported or typed with an ERP id the ERP never listed is left alone.
            foreach (var client in known.Values.Where(c => c.ErpRemovedAt is null && c.ErpSyncedAt is not null && !seen.Contains(c.ErpId!)))
            {
                client.ErpRemovedAt = now;
                removed++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new ErpSyncReport(created, updated, unchanged, removed, restored);
    }

    private async Task<bool> AnyFromErpAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Clients.AnyAsync(c => c.ErpSyncedAt != null && c.ErpRemovedAt == null, ct);
    }

    public async Task<ErpSyncState> StateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ErpSyncStates.AsNoTracking().SingleOrDefaultAsync(ct) ?? new ErpSyncState();
    }

    /// <summary>Recording never hides the sync's own outcome: a database that fails here is logged.</summary>
    private async Task RecordAsync(Action<ErpSyncState> change, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var state = await db.ErpSyncStates.SingleOrDefaultAsync(ct);
            if (state is null) db.ErpSyncStates.Add(state = new ErpSyncState());
            change(state);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            logger.LogWarning("ERP sync state not recorded: {Reason}", e.GetBaseException().Message);
        }
    }
}
