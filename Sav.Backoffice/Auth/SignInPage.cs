using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Sav.Backoffice.Localization;
using Sav.Backoffice.Resources;
using Sav.Domain.Analysts;

namespace Sav.Backoffice.Auth;

/// <summary>The few pages shown before an analyst is signed in: plain HTML, no circuit, no script, in the
/// language of the culture cookie like every other page (French by default), with the switch to change it.</summary>
internal static class SignInPage
{
    public sealed record Choice(string Email, string Name, AnalystRole Role);

    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

    // Accented letters as they are: the page is UTF-8, only markup characters need escaping.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>A resource, HTML-encoded, with its placeholders filled by <paramref name="html"/> already encoded.</summary>
    private static string Text(string key, params object[] html) =>
        html.Length == 0 ? Html.Encode(UiText.Get(key)) : string.Format(CultureInfo.InvariantCulture, Html.Encode(UiText.Get(key)), html);

    public static string DevForm(IReadOnlyList<Choice> analysts, AntiforgeryTokenSet tokens, string returnUrl, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(Text("SignIn.DevHeading")).Append("</h1>");
        body.Append("<p>").Append(Text("SignIn.DevIntro")).Append("</p>");
        if (error is not null) body.Append("<p role=\"alert\" class=\"error\">").Append(Html.Encode(error)).Append("</p>");
        body.Append("<form method=\"post\" action=\"/dev/signin\">");
        body.Append("<input type=\"hidden\" name=\"").Append(Html.Encode(tokens.FormFieldName)).Append("\" value=\"")
            .Append(Html.Encode(tokens.RequestToken ?? "")).Append("\">");
        body.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Html.Encode(returnUrl)).Append("\">");
        body.Append("<label for=\"email\">").Append(Text("SignIn.Email")).Append("</label>");
        body.Append("<input id=\"email\" name=\"email\" type=\"email\" list=\"analysts\" required autofocus>");
        body.Append("<datalist id=\"analysts\">");
        foreach (var a in analysts)
            body.Append("<option value=\"").Append(Html.Encode(a.Email)).Append("\">").Append(Html.Encode(Describe(a))).Append("</option>");
        body.Append("</datalist>");
        body.Append("<button type=\"submit\">").Append(Text("SignIn.Submit")).Append("</button></form>");
        if (analysts.Count > 0)
        {
            body.Append("<h2>").Append(Text("SignIn.ActiveAnalysts")).Append("</h2><ul>");
            foreach (var a in analysts)
                body.Append("<li><code>").Append(Html.Encode(a.Email)).Append("</code> — ").Append(Html.Encode(Describe(a))).Append("</li>");
            body.Append("</ul>");
        }
        else
        {
            body.Append("<p>").Append(Text("SignIn.NoActiveAnalyst",
                "<code>dotnet run --project Sav.Backoffice -- seed-demo</code>", "<code>add-analyst EMAIL</code>")).Append("</p>");
        }
        return Page(UiText.Get("SignIn.DevTitle"), body.ToString(), "/dev/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
    }

    public static string UnknownAnalyst(string address) => string.Format(CultureInfo.InvariantCulture, UiText.Get("SignIn.UnknownAnalyst"), address);

    public static string Unavailable => Page(UiText.Get("SignIn.Title"),
        $"<h1>{Text("SignIn.Title")}</h1><p>{Text("SignIn.Unavailable")}</p>", "/signin");

    /// <summary>Why Google's account is refused, in the analyst's language.</summary>
    public static string Refusal(SignInDecision decision) => string.Format(CultureInfo.InvariantCulture,
        UiText.Get($"SignIn.Refusal.{decision.Refusal}"), decision.Subject);

    public static string Denied(string? reason) => Page(UiText.Get("Denied.Title"),
        $"<h1>{Text("Denied.Title")}</h1><p>{Text("Denied.Text")}</p>"
        + (string.IsNullOrWhiteSpace(reason) ? "" : "<p role=\"alert\">" + Html.Encode(reason) + "</p>")
        + $"<p><a href=\"/tickets\">{Text("Denied.BackToList")}</a></p>"
        + $"<p><a href=\"/signout\">{Text("Denied.OtherAccount")}</a></p>",
        string.IsNullOrWhiteSpace(reason) ? "/denied" : "/denied?reason=" + Uri.EscapeDataString(reason));

    private static string Describe(Choice analyst) =>
        $"{analyst.Name} ({UiText.Get(analyst.Role == AnalystRole.Admin ? "Analysts.Admin" : "Analysts.Analyst")})";

    /// <summary>The page, with the language switch that comes back to <paramref name="here"/>.</summary>
    private static string Page(string title, string body, string here)
    {
        var switches = string.Join(" <span aria-hidden=\"true\">|</span> ", BackofficeLocalization.Cultures.Select(c =>
            $"<a href=\"{Html.Encode($"/culture?c={c}&returnUrl={Uri.EscapeDataString(here)}")}\" lang=\"{c}\""
            + (c == UiText.Language ? " aria-current=\"true\"" : "") + $" data-culture=\"{c}\">{c.ToUpperInvariant()}</a>"));
        return $$"""
            <!DOCTYPE html>
            <html lang="{{UiText.Language}}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Html.Encode(title)}} — SAV</title><link rel="icon" href="/favicon.ico" sizes="32x32">
            <style>
              body { font-family: Roboto, Arial, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
              nav { text-align: right; } nav a { color: #1f4e79; } nav a[aria-current] { font-weight: bold; }
              label { display: block; margin: 1rem 0 .25rem; } input[type=email] { width: 100%; padding: .5rem; font-size: 1rem; }
              button { margin-top: 1rem; padding: .5rem 1.5rem; font-size: 1rem; background: #1f4e79; color: #fff; border: 0; border-radius: 4px; }
              .error { color: #b00020; }
            </style></head>
            <body><nav aria-label="{{Text("Layout.Language")}}">{{switches}}</nav><main>{{body}}</main></body>
            </html>
            """;
    }
}
