using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Clients;

/// <summary>What an import did, or would do.</summary>
public sealed record ImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<RejectedLine> Rejected, bool Written);

/// <summary>
/// Imports the clients' CSV (<see cref="ClientCsv"/>): an upsert keyed on the ERP id, so the same file twice changes
/// nothing. Every line is checked before anything is written: by default one bad line imports nothing; with
/// <c>skipInvalid</c> the good lines are imported and the bad ones reported; <c>dryRun</c> reports and writes nothing.
/// </summary>
public static class ClientImport
{
    public static async Task<ImportReport> RunAsync(SavDbContext db, ClientCsv.Result file, TimeProvider clock, bool dryRun = false, bool skipInvalid = false,
        IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        var byErp = await db.Clients.Where(c => c.ErpId != null).ToDictionaryAsync(c => c.ErpId!, StringComparer.OrdinalIgnoreCase, ct);
        int created = 0, updated = 0, unchanged = 0;
        var write = !dryRun && (file.Rejected.Count == 0 || skipInvalid);
        var now = clock.GetUtcNow();
        long done = 0;
        foreach (var row in file.Rows)
        {
            if (!byErp.TryGetValue(row.ErpId, out var client))
            {
                created++;
                if (write)
                {
                    client = new Client { ErpId = row.ErpId, CreatedAt = now };
                    db.Clients.Add(client);
                    byErp[row.ErpId] = client;
                    Apply(client, row, file.Present);
                }
            }
            else if (Same(client, row, file.Present)) unchanged++;
            else
            {
                updated++;
                if (write) Apply(client, row, file.Present);
            }
            if (++done % 5_000 == 0) progress?.Report((done, file.Rows.Count));
        }
        if (write) await db.SaveChangesAsync(ct);
        progress?.Report((file.Rows.Count, file.Rows.Count));
        return new ImportReport(created, updated, unchanged, file.Rejected, write);
    }

    // A column the file does not have leaves the client's value as it is.
    private static bool Same(Client client, ClientRow row, IReadOnlySet<string> present) =>
        client.Name == row.Name && (!present.Contains("address") || client.Address == row.Address)
        && (!present.Contains("phone") || client.Phone == row.Phone) && (!present.Contains("email_domain") || client.EmailDomain == row.EmailDomain);

    private static void Apply(Client client, ClientRow row, IReadOnlySet<string> present)
    {
        client.Name = row.Name;
        if (present.Contains("address")) client.Address = row.Address;
        if (present.Contains("phone")) client.Phone = row.Phone;
        if (present.Contains("email_domain")) client.EmailDomain = row.EmailDomain;
    }

    /// <summary>Every client that has an ERP id, in the import's format, by ERP id.</summary>
    public static async Task<List<ClientRow>> ExportAsync(SavDbContext db, CancellationToken ct = default) =>
        (await db.Clients.AsNoTracking().Where(c => c.ErpId != null)
            .Select(c => new ClientRow(c.ErpId!, c.Name, c.Address, c.Phone, c.EmailDomain)).ToListAsync(ct))
        .OrderBy(c => c.ErpId, StringComparer.Ordinal).ToList();
}
