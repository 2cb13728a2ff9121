using System.Text;
using Sav.Domain.Mail.Templates;

namespace Sav.Domain.Reports.Weekly;

/// <summary>Last week's figures beside the week before's.</summary>
public sealed record WeeklyFigures(ReportPeriod Week, VolumeTotals Volume, VolumeTotals VolumeBefore, DelayRow Delays,
    DelayRow DelaysBefore, StockReport Stock, IReadOnlyList<ProductRow> TopProducts);

/// <summary>The weekly report as a mail, HTML and plain text: every name in it (a product, a family) is encoded.</summary>
public static class WeeklyReportMail
{
    public static RenderedMail Render(WeeklyFigures f, TeamTime time, string? language)
    {
        var t = WeeklyTexts.For(language);
        var culture = t.Culture;
        string Day(DateOnly d, bool year = false) => d.ToString(year ? "d MMMM yyyy" : "d MMMM", culture);
        var week = (From: Day(f.Week.From), To: Day(f.Week.To, year: true));
        var before = f.Week.Previous;

        (string Label, string Week, string Before)[] lines =
        [
            (t["Opened"], $"{f.Volume.Opened}", $"{f.VolumeBefore.Opened}"),
            (t["Closed"], $"{f.Volume.Closed}", $"{f.VolumeBefore.Closed}"),
            (t["Reopened"], $"{f.Volume.Reopened}", $"{f.VolumeBefore.Reopened}"),
            (t["AnswerMedian"], t.Duration(f.Delays.AnswerMedian), t.Duration(f.DelaysBefore.AnswerMedian)),
            (t["CloseMedian"], t.Duration(f.Delays.CloseMedian), t.Duration(f.DelaysBefore.CloseMedian)),
        ];
        var ages = f.Stock.ByAge.Select((count, i) => (Label: t[$"Age{i}"], Count: count)).ToList();
        var stock = t["Stock", Day(time.DateOf(f.Stock.At), year: true), ages.Sum(a => a.Count)];
        var products = f.TopProducts.Select(p => (Name: string.Join(" — ", new[] { p.Family, p.Product }.Where(n => !string.IsNullOrWhiteSpace(n))), p.Tickets)).ToList();
        var title = t["Title", week.From, week.To];
        var intro = t["Intro", Day(before.From), Day(before.To, year: true)];
        var footer = t["Footer", time.Zone.Id];

        var text = new StringBuilder().AppendLine(title).AppendLine().AppendLine(intro).AppendLine();
        text.AppendLine($"{"",-28} {t["ThisWeek"],12} {t["WeekBefore"],16}");
        foreach (var (label, value, previous) in lines) text.AppendLine($"{label,-28} {value,12} {previous,16}");
        text.AppendLine().AppendLine(stock);
        foreach (var (label, count) in ages) text.AppendLine($"  {label} : {count}");
        text.AppendLine().AppendLine(t["Top"]);
        if (products.Count == 0) text.AppendLine(t["NoProduct"]);
        for (var i = 0; i < products.Count; i++) text.AppendLine($"  {i + 1}. {products[i].Name} : {products[i].Tickets}");
        text.AppendLine().AppendLine(t["Attached"]).AppendLine().AppendLine(footer);

        static string E(string? s) => MailRenderer.Encode(s);
        const string Cell = "padding:6px 12px;border-bottom:1px solid #ddd;text-align:right";
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{culture.TwoLetterISOLanguageName}\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head>")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222;max-width:640px;margin:0 auto;padding:16px\">")
            .Append($"<h1 style=\"font-size:20px;color:#1f4e79\">{E(title)}</h1><p>{E(intro)}</p>")
            .Append("<table style=\"border-collapse:collapse;width:100%\"><tr><th></th>")
            .Append($"<th style=\"{Cell}\">{E(t["ThisWeek"])}</th><th style=\"{Cell}\">{E(t["WeekBefore"])}</th></tr>");
        foreach (var (label, value, previous) in lines)
            html.Append($"<tr><td style=\"padding:6px 0;border-bottom:1px solid #ddd\">{E(label)}</td><td style=\"{Cell};font-weight:bold\">{E(value)}</td><td style=\"{Cell}\">{E(previous)}</td></tr>");
        html.Append($"</table><h2 style=\"font-size:16px;margin-top:24px\">{E(stock)}</h2><table style=\"border-collapse:collapse\">");
        foreach (var (label, count) in ages)
            html.Append($"<tr><td style=\"padding:4px 0\">{E(label)}</td><td style=\"{Cell}\">{count}</td></tr>");
        html.Append($"</table><h2 style=\"font-size:16px;margin-top:24px\">{E(t["Top"])}</h2>");
        if (products.Count == 0) html.Append($"<p>{E(t["NoProduct"])}</p>");
        else html.Append("<ol>").Append(string.Concat(products.Select(p => $"<li>{E(p.Name)} : <b>{p.Tickets}</b></li>"))).Append("</ol>");
        html.Append($"<p>{E(t["Attached"])}</p><p style=\"color:#666;font-size:12px\">{E(footer)}</p></body></html>");

        return new RenderedMail(MailRenderer.HeaderText(t["Subject", week.From, week.To]), html.ToString(), text.ToString());
    }
}
