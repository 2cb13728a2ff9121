using Microsoft.AspNetCore.Antiforgery;
using Sav.Domain;
using Sav.Domain.Brands;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>The forms the mail buttons open: status, close, reopen and answer, for one ticket's context.</summary>
public static class ContextPage
{
    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["CONTEXT"] = "Numéro de dossier",
        ["COMMENT"] = "Commentaire",
        ["ANSWER"] = "Votre réponse",
    };

    public static IResult Render(int status, Brand? brand, FormKind kind, AntiforgeryTokenSet tokens,
        IDictionary<string, string[]>? errors, Func<string, string?> value, bool contextReadOnly)
    {
        var (title, intro, button) = kind switch
        {
            FormKind.Status => ("Suivre mon dossier", "Nous vous envoyons par e-mail l'état de votre dossier et nos derniers échanges.",
                "Recevoir l'état de mon dossier"),
            FormKind.Close => ("Clôturer mon dossier", "Votre problème est réglé ? Clôturez le dossier ; vous pourrez le réouvrir si besoin.",
                "Clôturer mon dossier"),
            FormKind.Reopen => ("Réouvrir mon dossier", "Le problème revient ? Réouvrez le dossier : notre équipe le reprend.",
                "Réouvrir mon dossier"),
            _ => ("Répondre à notre question", "Votre réponse est ajoutée au dossier et transmise à notre équipe.", "Envoyer ma réponse"),
        };
        var form = new FormHtml(errors, value);
        form.Raw($"<p>{E(intro)}</p>").Raw(form.Summary(Labels))
            .Raw($"""<form method="post" action="/f/{kind.Slug()}" novalidate>""")
            .Hidden(tokens.FormFieldName, tokens.RequestToken);
        if (contextReadOnly)
        {
            form.Raw($"""<label for="CONTEXT-shown">{E(Labels["CONTEXT"])}</label>""")
                .Raw($"""<input id="CONTEXT-shown" type="text" value="{E(value("CONTEXT")?.Trim())}" readonly>""")
                .Hidden("CONTEXT", value("CONTEXT")?.Trim());
        }
        else
        {
            form.Input("CONTEXT", Labels["CONTEXT"], required: true, maxLength: 64,
                hint: "Il figure dans l'objet de nos e-mails, par exemple AT73#K9F2Q.");
        }
        if (kind == FormKind.Answer) form.TextArea("ANSWER", Labels["ANSWER"], required: true, maxLength: Limits.Comment);
        else form.TextArea("COMMENT", Labels["COMMENT"], maxLength: Limits.Comment, hint: "Facultatif.");
        form.Honeypot().Raw($"""<button type="submit">{E(button)}</button></form>""");
        return Html(status, brand, title, form.ToString());
    }
}
