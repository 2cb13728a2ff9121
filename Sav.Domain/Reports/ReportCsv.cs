using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Sav.Domain.Reports;

/// <summary>In the order « Rapports » shows them.</summary>
public enum ReportKind { Volume, Delays, Targets, Stock, Products, Clients, Satisfaction }

/// <summary>Each report as French Excel opens it: UTF-8 with a byte order mark, <c>;</c> between fields, dates
/// in the team's time zone, delays in hours with a decimal point so that a script reads them too.</summary>
public static class ReportCsv
{
    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    // A client named « =HYPERLINK(…) » stays text in a spreadsheet.
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape };

    /// <summary>« volume-2026-11-30-2026-12-06.csv »: the report and its period.</summary>
    public static string FileName(ReportKind kind, ReportPeriod period) =>
        $"{kind.ToString().ToLowerInvariant()}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv";

    public static async Task WriteAsync(ReportQueries reports, ReportKind kind, ReportPeriod period, TextWriter writer, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, Config, leaveOpen: true);
        switch (kind)
        {
            case ReportKind.Volume:
                Header(csv, "period", "opened", "closed", "reopened");
                foreach (var r in (await reports.VolumeAsync(period, ct)).Rows)
                    Row(csv, r.Bucket.Label, r.Opened, r.Closed, r.Reopened);
                break;
            case ReportKind.Delays:
                Header(csv, "dimension", "group", "tickets", "answered", "answer_median_hours", "answer_p90_hours", "closed", "close_median_hours", "close_p90_hours");
                var delays = await reports.DelaysAsync(period, ct);
                DelayRow(csv, "total", delays.Total);
                foreach (var (dimension, rows) in delays.By)
                    foreach (var r in rows) DelayRow(csv, dimension.ToString().ToLowerInvariant(), r);
                break;
            case ReportKind.Targets:
                Header(csv, "dimension", "group", "tickets", "answer_met", "answer_missed", "answer_met_share", "close_met", "close_missed", "close_met_share");
                var targets = await reports.TargetsAsync(period, ct);
                TargetRow(csv, "total", targets.Total);
                TargetRow(csv, "previous_period", targets.Previous);
                foreach (var (dimension, rows) in targets.By)
                    foreach (var r in rows) TargetRow(csv, dimension.ToString().ToLowerInvariant(), r);
                break;
            case ReportKind.Stock:
                Header(csv, "status", "under_1_day", "1_3_days", "3_7_days", "7_30_days", "over_30_days", "total");
                foreach (var r in (await reports.StockAsync(ct)).Rows)
                    Row(csv, $"{r.StatusCode}. {r.StatusLabel}", r.ByAge[0], r.ByAge[1], r.ByAge[2], r.ByAge[3], r.ByAge[4], r.Total);
                break;
            case ReportKind.Products:
                Header(csv, "family", "product", "tickets", "under_warranty", "warranty_share");
                var products = await reports.ProductsAsync(period, ct);
                foreach (var r in products.Families.Concat(products.Products))
                    Row(csv, r.Family ?? "", r.Product ?? "", r.Tickets, r.UnderWarranty, r.WarrantyShare.ToString("0.000", CultureInfo.InvariantCulture));
                break;
            case ReportKind.Clients:
                Header(csv, "client", "tickets", "previous_period");
                foreach (var r in (await reports.ClientsAsync(period, ct)).Rows) Row(csv, r.Name ?? $"#{r.ClientId}", r.Tickets, r.PreviousTickets);
                break;
            case ReportKind.Satisfaction:
                Header(csv, "dimension", "group", "satisfied", "neutral", "not_satisfied", "total", "satisfied_share");
                var satisfaction = await reports.SatisfactionAsync(period, ct);
                SatisfactionRow(csv, "total", satisfaction.Total);
                foreach (var (bucket, r) in satisfaction.Rows) SatisfactionRow(csv, "period", r with { Key = bucket.Label });
                foreach (var (dimension, rows) in satisfaction.By)
                    foreach (var r in rows) SatisfactionRow(csv, dimension.ToString().ToLowerInvariant(), r);
                break;
        }
        await csv.FlushAsync();
    }

    private static void DelayRow(CsvWriter csv, string dimension, DelayRow r) =>
        Row(csv, dimension, r.Key ?? "", r.Tickets, r.Answered, Hours(r.AnswerMedian), Hours(r.AnswerP90), r.Closed, Hours(r.CloseMedian), Hours(r.CloseP90));

    private static void TargetRow(CsvWriter csv, string dimension, TargetRow r) =>
        Row(csv, dimension, r.Key ?? "", r.Tickets, r.AnswerMet, r.AnswerMissed, Share(r.AnswerShare), r.CloseMet, r.CloseMissed, Share(r.CloseShare));

    private static string Share(double? share) => share is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static void SatisfactionRow(CsvWriter csv, string dimension, SatisfactionRow r) =>
        Row(csv, dimension, r.Key ?? "", r.Satisfied, r.Neutral, r.Unsatisfied, r.Total,
            r.SatisfiedShare is { } share ? share.ToString("0.000", CultureInfo.InvariantCulture) : "");

    private static string Hours(TimeSpan? span) => span is { } s ? s.TotalHours.ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static void Header(CsvWriter csv, params string[] names) => Row(csv, names);

    private static void Row(CsvWriter csv, params object[] fields)
    {
        foreach (var field in fields) csv.WriteField(field);
        csv.NextRecord();
    }
}
