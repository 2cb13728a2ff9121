using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Sav.Domain.Brands;
using Sav.Domain.Data;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;

namespace Sav.Domain.Reports.Weekly;

/// <summary>
/// « Rapport hebdomadaire »: each Monday at 08:00 in the team's time zone, last week's figures beside the week before's,
/// with the reports' CSVs attached, queued in the outbox for each address of <c>Reports:WeeklyTo</c>, so that the mail
/// quotas and retries apply. Queued once a week per address however many backoffices run: the mail's Message-ID is
/// made of the week and the address, and the outbox's Message-IDs are unique.
/// </summary>
public sealed class WeeklyReport(IDbContextFactory<SavDbContext> dbFactory, ReportQueries reports, IOptions<WeeklyReportOptions> options,
    IOptions<MailOptions> mail, ILogger<WeeklyReport> logger)
{
    public const string Template = "WeeklyReport";
    public static readonly TimeOnly SendTime = new(8, 0);
    public const int TopProducts = 5;

    public IReadOnlyList<string> Recipients => options.Value.Recipients();

    /// <summary>The week whose report is due now: from Monday 08:00, local time, to Tuesday 08:00 (a backoffice stopped at
    /// 08:00 sends it when it is back that day); null the rest of the week.</summary>
    public static ReportPeriod? DueWeek(TeamTime time)
    {
        var now = time.Now;
        var monday = TeamTime.WeekStart(time.DateOf(now));
        if (now < time.At(monday, SendTime) || now >= time.At(monday.AddDays(1), SendTime)) return null;
        return new ReportPeriod(monday.AddDays(-7), monday.AddDays(-1));
    }

    /// <summary>Queues the due week's mail for each address that has not had it yet; returns how many were queued.</summary>
    public async Task<int> SendIfDueAsync(CancellationToken ct = default)
    {
        var recipients = Recipients;
        if (recipients.Count == 0 || DueWeek(reports.Time) is not { } week) return 0;
        var domain = mail.Value.MessageIdDomain;
        var ids = recipients.ToDictionary(r => r, r => MessageId(week, r, domain), StringComparer.OrdinalIgnoreCase);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wanted = ids.Values.ToList();
        var queued = await db.OutboxMessages.Where(m => wanted.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(ct);
        var missing = recipients.Where(r => !queued.Contains(ids[r])).ToList();
        if (missing.Count == 0) return 0;

        var rendered = WeeklyReportMail.Render(await FiguresAsync(week, ct), reports.Time, options.Value.WeeklyLanguage);
        var files = await CsvFilesAsync(week, ct);
        var from = MailComposer.Sender(BrandDirectory.Default(await db.Brands.AsNoTracking().ToListAsync(ct)), domain);
        var now = reports.Time.Now;
        foreach (var recipient in missing)
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Template = Template,
                // « Direction <direction@example.org> » as written in the setting: the address, and the name beside it.
                Recipient = MailRenderer.HeaderText(MailboxAddress.Parse(recipient).Address),
                RecipientName = MailRenderer.HeaderText(MailboxAddress.Parse(recipient).Name) is { Length: > 0 } name ? name : null,
                FromName = from.Name,
                FromAddress = from.Address,
                MessageId = ids[recipient],
                Subject = rendered.Subject,
                Html = rendered.Html,
                Text = rendered.Text,
                State = OutboxState.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
                Attachments = [.. files.Select(f => new OutboxAttachment { FileName = f.Name, MediaType = "text/csv; charset=utf-8", Content = f.Content })],
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another backoffice queued this week's mails at the same moment: done when they are all there.
            if (await AllQueuedAsync(wanted, ct)) return 0;
            throw;
        }
        logger.LogInformation("Weekly report of {From:yyyy-MM-dd}–{To:yyyy-MM-dd} queued for {Count} address(es)", week.From, week.To, missing.Count);
        return missing.Count;
    }

    private async Task<bool> AllQueuedAsync(List<string> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OutboxMessages.CountAsync(m => ids.Contains(m.MessageId), ct) == ids.Count;
    }

    /// <summary>The week's figures and the week before's; the stock is today's.</summary>
    public async Task<WeeklyFigures> FiguresAsync(ReportPeriod week, CancellationToken ct = default)
    {
        var volume = await reports.VolumeAsync(week, ct);
        var delays = await reports.DelaysAsync(week, ct);
        var stock = await reports.StockAsync(ct);
        var products = await reports.ProductsAsync(week, ct);
        return new WeeklyFigures(week, volume.Totals, volume.Previous, delays.Total, delays.PreviousTotal, stock,
            products.Products.Take(TopProducts).ToList());
    }

    /// <summary>Every report of the week as the CSV the Rapports page gives, under the same name.</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Content)>> CsvFilesAsync(ReportPeriod week, CancellationToken ct = default)
    {
        var files = new List<(string, byte[])>();
        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            using var buffer = new MemoryStream();
            await using (var writer = new StreamWriter(buffer, ReportCsv.Utf8WithBom, leaveOpen: true))
                await ReportCsv.WriteAsync(reports, kind, week, writer, ct);
            files.Add((ReportCsv.FileName(kind, week), buffer.ToArray()));
        }
        return files;
    }

    /// <summary>The week's and the address's (without the name written beside it): the same for every backoffice, another
    /// for each week.</summary>
    public static string MessageId(ReportPeriod week, string recipient, string domain)
    {
        var bare = MailboxAddress.TryParse(recipient, out var parsed) ? parsed.Address : recipient;
        var address = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bare.Trim().ToLowerInvariant())))[..16];
        return $"weekly-{week.From:yyyy-MM-dd}-{address}@{domain}";
    }
}
