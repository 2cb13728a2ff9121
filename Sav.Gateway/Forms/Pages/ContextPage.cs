using Microsoft.AspNetCore.Antiforgery;
using Sav.Domain;
using Sav.Domain.Brands;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>The forms the mail buttons open: status, close, reopen and answer, for one ticket's context.</summary>
public static class ContextPage
{
    public static IResult Render(int status, Brand? brand, PageText text, FormKind kind, AntiforgeryTokenSet tokens,
        IDictionary<string, string[]>? errors, Func<string, string?> value, bool contextReadOnly)
    {
        var labels = text.Labels;
        var (title, intro, button) = text.ContextForms[kind];
        var path = $"/f/{kind.Slug()}";
        var form = new FormHtml(text, errors, value);
        form.Raw($"<p>{E(intro)}</p>").Raw(form.Summary(labels))
            .Raw($"""<form method="post" action="{path}" novalidate>""")
            .Hidden(tokens.FormFieldName, tokens.RequestToken)
            .Language();
        if (contextReadOnly)
        {
            form.Raw($"""<label for="CONTEXT-shown">{E(labels["CONTEXT"])}</label>""")
                .Raw($"""<input id="CONTEXT-shown" type="text" value="{E(value("CONTEXT")?.Trim())}" readonly>""")
                .Hidden("CONTEXT", value("CONTEXT")?.Trim());
        }
        else
        {
            form.Input("CONTEXT", labels["CONTEXT"], required: true, maxLength: 64, hint: text.ContextHint);
        }
        if (kind == FormKind.Answer) form.TextArea("ANSWER", labels["ANSWER"], required: true, maxLength: Limits.Comment);
        else form.TextArea("COMMENT", labels["COMMENT"], maxLength: Limits.Comment, hint: text.Optional);
        form.Honeypot().Raw($"""<button type="submit">{E(button)}</button></form>""");
        var context = value("CONTEXT")?.Trim();
        var switchUrl = $"{path}?{PageText.Field}={text.Other.Language}"
            + (string.IsNullOrEmpty(context) ? "" : $"&c={Uri.EscapeDataString(context)}");
        return Html(status, brand, text, title, form.ToString(), switchUrl);
    }
}
