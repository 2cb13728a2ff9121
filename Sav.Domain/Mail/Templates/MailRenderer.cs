using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;

namespace Sav.Domain.Mail.Templates;

/// <summary>Renders a template to HTML and plain text. Every piece of customer or analyst text is
/// HTML-encoded: nothing a customer typed becomes markup in a mail.</summary>
public static class MailRenderer
{
    // Encodes markup characters and quotes but leaves accented letters readable: the mail is UTF-8.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text made safe inside a mail's HTML, accented letters kept as they are.</summary>
    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public static string Subject(string context, string ticketSubject) => HeaderText($"Ticket N° {context}# - {ticketSubject}");

    /// <summary>Text bound for a mail header: line breaks and other control characters would let a
    /// customer add headers of their own, so they become spaces.</summary>
    public static string HeaderText(string? text) =>
        string.Join(' ', new string((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static RenderedMail Render(MailTemplate template, MailModel model)
    {
        var texts = MailTexts.For(model.Language);
        var (title, bodyFormat) = texts.Templates[template];
        var body = string.Format(CultureInfo.InvariantCulture, bodyFormat, model.TicketSubject, model.Context);
        var greeting = string.Format(CultureInfo.InvariantCulture, texts.Greeting, model.CustomerName);
        var status = string.Format(CultureInfo.InvariantCulture, texts.StatusLine, model.StatusLabel);
        if (model.Product is { } product) status += "\n" + string.Format(CultureInfo.InvariantCulture, texts.ProductLine, product);
        var signature = string.Format(CultureInfo.InvariantCulture, texts.Signature, model.BrandName);
        var buttons = Buttons(template, model, texts);

        var culture = CultureInfo.GetCultureInfo(model.Language == "en" ? "en-GB" : "fr-FR");
        var subject = Subject(model.Context, model.TicketSubject);
        return new RenderedMail(
            subject,
            Html(model, subject, title, greeting, body, status, signature, buttons, texts, culture),
            Text(model, title, greeting, body, status, signature, buttons, texts, culture));
    }

    private static List<(string Label, string Url, bool Primary)> Buttons(MailTemplate template, MailModel model, MailTexts texts)
    {
        var buttons = new List<(string, string, bool)>();
        void Add(ButtonKind kind, string label, bool primary)
        {
            if (model.Links.TryGetValue(kind, out var url) && IsWebLink(url)) buttons.Add((label, url, primary));
        }
        if (template == MailTemplate.Question) Add(ButtonKind.Answer, texts.ButtonAnswer, true);
        Add(ButtonKind.Status, texts.ButtonStatus, false);
        if (template == MailTemplate.ClosingConfirmation) Add(ButtonKind.Reopen, texts.ButtonReopen, false);
        else Add(ButtonKind.Close, texts.ButtonClose, false);
        return buttons;
    }

    /// <summary>A button only ever opens a web page: a link configured as <c>javascript:</c> is dropped.</summary>
    private static bool IsWebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static string Text(MailModel model, string title, string greeting, string body, string status, string signature,
        List<(string Label, string Url, bool Primary)> buttons, MailTexts texts, CultureInfo culture)
    {
        var text = new StringBuilder();
        text.AppendLine(title).AppendLine().AppendLine(greeting).AppendLine().AppendLine(body);
        if (model.Message is not null) text.AppendLine().AppendLine(Quote(model.Message));
        text.AppendLine().AppendLine(status);
        if (model.History.Count > 0)
        {
            text.AppendLine().AppendLine(texts.HistoryTitle);
            foreach (var m in model.History)
            {
                text.AppendLine($"-- {When(m.At, model, culture)} · {(m.FromCustomer ? texts.You : texts.Support)}")
                    .AppendLine(m.Text);
            }
        }
        text.AppendLine();
        foreach (var (label, url, _) in buttons) text.AppendLine($"{label} : {url}");
        if (model.Ratings.Count > 0)
        {
            text.AppendLine().AppendLine(texts.RatingQuestion);
            foreach (var (label, url) in model.Ratings) text.AppendLine($"{label} : {url}");
        }
        text.AppendLine().AppendLine(texts.ReplyHint).AppendLine().AppendLine(signature);
        return text.ToString();
    }

    /// <summary>A time as the customer's team lives it; in English, with its offset, since the customer may live elsewhere.</summary>
    private static string When(DateTimeOffset at, MailModel model, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTime(at, model.TimeZone);
        var text = local.ToString("g", culture);
        if (model.Language != "en") return text;
        var offset = local.Offset;
        return $"{text} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():h\\:mm})";
    }

    private static string Quote(string message) =>
        string.Join('\n', message.ReplaceLineEndings("\n").Split('\n').Select(l => "> " + l));

    private static string Html(MailModel model, string subject, string title, string greeting, string body, string status, string signature,
        List<(string Label, string Url, bool Primary)> buttons, MailTexts texts, CultureInfo culture)
    {
        static string E(string? s) => Encode(s);
        // Line by line: the encoder writes a line break as « &#xA; », which HTML shows as a space.
        static string Paragraphs(string s) => string.Join("<br>", s.ReplaceLineEndings("\n").Split('\n').Select(E));
        var primary = SafeColor(model.PrimaryColor, "#1f4e79");
        var accent = SafeColor(model.AccentColor, "#f0a500");

        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="{(model.Language == "en" ? "en" : "fr")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>{E(subject)}</title></head>
            <body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#222;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;">
            """);
        html.Append($"""<tr><td style="background:{primary};padding:16px 24px;color:#ffffff;font-size:20px;font-weight:bold;">""");
        if (!string.IsNullOrEmpty(model.BannerUrl) && Uri.TryCreate(model.BannerUrl, UriKind.Absolute, out var banner)
            && banner.Scheme is "https" or "http")
            html.Append($"""<img src="{E(banner.AbsoluteUri)}" alt="{E(model.BrandName)}" style="max-width:100%;height:auto;display:block;">""");
        else html.Append(E(model.BrandName));
        html.Append("</td></tr>");
        html.Append($"""<tr><td style="padding:24px;font-size:15px;line-height:1.5;">""");
        html.Append($"""<h1 style="font-size:20px;margin:0 0 16px;color:{primary};">{E(title)}</h1>""");
        html.Append($"<p>{E(greeting)}</p><p>{E(body)}</p>");
        if (model.Message is not null)
            html.Append($"""<blockquote style="margin:16px 0;padding:12px 16px;border-left:4px solid {accent};background:#fafafa;">{Paragraphs(model.Message)}</blockquote>""");
        html.Append($"""<p style="font-weight:bold;">{Paragraphs(status)}</p>""");
        if (model.History.Count > 0)
        {
            html.Append($"""<h2 style="font-size:16px;margin:24px 0 8px;">{E(texts.HistoryTitle)}</h2>""");
            foreach (var m in model.History)
            {
                html.Append($"""<div style="margin:0 0 12px;padding:8px 12px;background:#f7f7f9;border-radius:4px;"><div style="font-size:12px;color:#666;">{E(When(m.At, model, culture))} · {E(m.FromCustomer ? texts.You : texts.Support)}</div><div>{Paragraphs(m.Text)}</div></div>""");
            }
        }
        html.Append("""<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0;"><tr>""");
        foreach (var (label, url, isPrimary) in buttons)
        {
            var background = isPrimary ? accent : primary;
            html.Append($"""<td style="padding:0 8px 8px 0;"><a href="{E(url)}" style="display:inline-block;padding:10px 16px;background:{background};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">{E(label)}</a></td>""");
        }
        html.Append("</tr></table>");
        if (model.Ratings.Count > 0)
        {
            html.Append($"""<p style="margin:16px 0 8px;">{E(texts.RatingQuestion)}</p><p>""");
            foreach (var (label, url) in model.Ratings.Where(r => IsWebLink(r.Url)))
                html.Append($"""<a href="{E(url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border:2px solid {primary};color:{primary};text-decoration:none;border-radius:16px;">{E(label)}</a>""");
            html.Append("</p>");
        }
        html.Append($"""<p style="font-size:13px;color:#555;">{E(texts.ReplyHint)}</p><p>{E(signature)}</p>""");
        html.Append("</td></tr></table></td></tr></table></body></html>");
        return html.ToString();
    }

    /// <summary>A brand colour goes into a style attribute: only #rgb / #rrggbb are let through.</summary>
    private static string SafeColor(string? color, string fallback) =>
        color is { Length: 4 or 7 } && color[0] == '#' && color.Skip(1).All(Uri.IsHexDigit) ? color : fallback;
}
