using System.Text;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>Builds accessible form controls: a label for each, the error beside it and announced with it.</summary>
public sealed class FormHtml(PageText text, IDictionary<string, string[]>? errors, Func<string, string?> value)
{
    private readonly StringBuilder _html = new();

    public bool HasErrors => errors is { Count: > 0 };

    public FormHtml Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    /// <param name="list">The id of a datalist whose values the field suggests.</param>
    public FormHtml Input(string name, string label, string type = "text", bool required = false, string? hint = null,
        string? autocomplete = null, int? maxLength = null, string? list = null)
    {
        _html.Append(Label(name, label, required, hint))
            .Append($"""<input id="{name}" name="{name}" type="{type}" value="{E(value(name))}"{(required ? " required" : "")}""")
            .Append(list is null ? "" : $" list=\"{E(list)}\"")
            .Append(maxLength is { } max ? $" maxlength=\"{max}\"" : "")
            .Append(autocomplete is null ? "" : $" autocomplete=\"{autocomplete}\"")
            .Append(Invalid(name)).Append('>').Append(Error(name));
        return this;
    }

    public FormHtml TextArea(string name, string label, bool required = false, string? hint = null, int? maxLength = null)
    {
        _html.Append(Label(name, label, required, hint))
            .Append($"""<textarea id="{name}" name="{name}"{(required ? " required" : "")}""")
            .Append(maxLength is { } max ? $" maxlength=\"{max}\"" : "")
            .Append(Invalid(name)).Append('>').Append(E(value(name))).Append("</textarea>").Append(Error(name));
        return this;
    }

    public FormHtml Select(string name, string label, IEnumerable<(string Value, string Text)> options, bool required = false, string? hint = null)
    {
        _html.Append(Label(name, label, required, hint))
            .Append($"""<select id="{name}" name="{name}"{(required ? " required" : "")}""").Append(Invalid(name)).Append('>');
        var selected = value(name);
        foreach (var (optionValue, text) in options)
        {
            var isSelected = string.Equals(optionValue, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : "";
            _html.Append($"""<option value="{E(optionValue)}"{isSelected}>{E(text)}</option>""");
        }
        _html.Append("</select>").Append(Error(name));
        return this;
    }

    public FormHtml Files(string name, string label, string accept, string hint)
    {
        _html.Append(Label(name, label, false, hint))
            .Append($"""<input id="{name}" name="{name}" type="file" multiple accept="{E(accept)}"{Invalid(name)}>""").Append(Error(name));
        return this;
    }

    public FormHtml Hidden(string name, string? hiddenValue)
    {
        _html.Append($"""<input type="hidden" name="{name}" value="{E(hiddenValue)}">""");
        return this;
    }

    /// <summary>A field people never see; robots fill it, and their submission is dropped.</summary>
    public FormHtml Honeypot()
    {
        _html.Append($"""<div class="hp" aria-hidden="true"><label for="{PublicForms.Honeypot}">{E(text.Honeypot)}</label>""")
            .Append($"""<input id="{PublicForms.Honeypot}" name="{PublicForms.Honeypot}" type="text" tabindex="-1" autocomplete="off"></div>""");
        return this;
    }

    public string Summary(IReadOnlyDictionary<string, string> labels) => errors is { Count: > 0 }
        ? $"""<div class="summary" role="alert"><p><strong>{E(text.ErrorSummary)}</strong></p><ul>""" +
          string.Concat(errors.Select(e => $"""<li><a href="#{E(e.Key)}">{E(labels.GetValueOrDefault(e.Key, e.Key))}</a> : {E(string.Join(" ", e.Value))}</li>""")) +
          "</ul></div>"
        : "";

    public override string ToString() => _html.ToString();

    /// <summary>The language the form is in, carried through the post so the answer page speaks it too.</summary>
    public FormHtml Language() => Hidden(PageText.Field, text.Language);

    private string Label(string name, string label, bool required, string? hint) =>
        $"""<label for="{name}">{E(label)}{(required ? $" <span class=\"required\">{E(text.Required)}</span>" : "")}""" +
        (hint is null ? "" : $"""<span class="hint" id="{name}-hint">{E(hint)}</span>""") + "</label>";

    private string Invalid(string name) =>
        errors?.ContainsKey(name) == true ? $" aria-invalid=\"true\" aria-describedby=\"{name}-error\"" : "";

    private string Error(string name) =>
        errors?.TryGetValue(name, out var messages) == true
            ? $"""<p class="error" id="{name}-error">{E(string.Join(" ", messages))}</p>"""
            : "";
}
