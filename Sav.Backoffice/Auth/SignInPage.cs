using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Sav.Backoffice.Auth;

/// <summary>The few pages shown before an analyst is signed in: plain HTML, no circuit, no script.</summary>
internal static class SignInPage
{
    public sealed record Choice(string Email, string Name, string Role);

    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

    public static string DevForm(IReadOnlyList<Choice> analysts, AntiforgeryTokenSet tokens, string returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        var body = new StringBuilder();
        body.Append("<h1>Connexion de développement</h1>");
        body.Append("<p>Cette page n'existe qu'en environnement Development. Choisissez un analyste actif ou saisissez son adresse.</p>");
        if (error is not null) body.Append("<p role=\"alert\" class=\"error\">").Append(html.Encode(error)).Append("</p>");
        body.Append("<form method=\"post\" action=\"/dev/signin\">");
        body.Append("<input type=\"hidden\" name=\"").Append(html.Encode(tokens.FormFieldName)).Append("\" value=\"")
            .Append(html.Encode(tokens.RequestToken ?? "")).Append("\">");
        body.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(html.Encode(returnUrl)).Append("\">");
        body.Append("<label for=\"email\">Adresse e-mail de l'analyste</label>");
        body.Append("<input id=\"email\" name=\"email\" type=\"email\" list=\"analysts\" required autofocus>");
        body.Append("<datalist id=\"analysts\">");
        foreach (var a in analysts)
            body.Append("<option value=\"").Append(html.Encode(a.Email)).Append("\">").Append(html.Encode($"{a.Name} ({a.Role})")).Append("</option>");
        body.Append("</datalist>");
        body.Append("<button type=\"submit\">Se connecter</button></form>");
        if (analysts.Count > 0)
        {
            body.Append("<h2>Analystes actifs</h2><ul>");
            foreach (var a in analysts)
                body.Append("<li><code>").Append(html.Encode(a.Email)).Append("</code> — ").Append(html.Encode($"{a.Name} ({a.Role})")).Append("</li>");
            body.Append("</ul>");
        }
        else
        {
            body.Append("<p>Aucun analyste actif : <code>dotnet run --project Sav.Backoffice -- seed-demo</code> ou <code>add-analyst EMAIL</code>.</p>");
        }
        return Page("Connexion (développement)", body.ToString());
    }

    public static string Unavailable => Page("Connexion",
        "<h1>Connexion</h1><p>La connexion par compte Google n'est pas encore configurée sur ce serveur.</p>");

    public static string Denied(string? reason) => Page("Accès refusé",
        "<h1>Accès refusé</h1><p>Votre compte ne donne pas accès à cette page.</p>"
        + (string.IsNullOrWhiteSpace(reason) ? "" : "<p role=\"alert\">" + HtmlEncoder.Default.Encode(reason) + "</p>")
        + "<p><a href=\"/signout\">Se connecter avec un autre compte</a></p>");

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="fr">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{HtmlEncoder.Default.Encode(title)}} — SAV</title>
        <style>
          body { font-family: Roboto, Arial, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
          label { display: block; margin: 1rem 0 .25rem; } input[type=email] { width: 100%; padding: .5rem; font-size: 1rem; }
          button { margin-top: 1rem; padding: .5rem 1.5rem; font-size: 1rem; background: #1f4e79; color: #fff; border: 0; border-radius: 4px; }
          .error { color: #b00020; }
        </style></head>
        <body><main>{{body}}</main></body>
        </html>
        """;
}
