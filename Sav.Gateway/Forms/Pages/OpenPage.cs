using Microsoft.AspNetCore.Antiforgery;
using Sav.Domain;
using Sav.Domain.Brands;
using Sav.Domain.Documents;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>The form that opens a ticket, in a brand's colours.</summary>
public static class OpenPage
{
    /// <param name="families">The active families, each with its active products: the « Modèle » field suggests them (its
    /// family beside each), and stays free for what the catalogue lacks.</param>
    public static IResult Render(int status, Brand brand, PageText text, IReadOnlyList<(string Family, IReadOnlyList<string> Products)> families,
        TicketDocuments documents, AntiforgeryTokenSet tokens, IDictionary<string, string[]>? errors, Func<string, string?> value)
    {
        var labels = text.Labels;
        var form = new FormHtml(text, errors, value);
        var familyOptions = new List<(string, string)> { ("", text.Choose) };
        familyOptions.AddRange(families.Select(f => (f.Family, f.Family)));
        var given = value("PRODUCT_FAMILY");
        if (!string.IsNullOrEmpty(given) && families.All(f => f.Family != given)) familyOptions.Add((given, given));
        var products = string.Concat(families.SelectMany(f => f.Products.Select(p => $"""<option value="{E(p)}" label="{E(f.Family)}"></option>""")));
        var megabytes = documents.MaxBytes / (1024 * 1024);
        var path = $"/f/{Uri.EscapeDataString(brand.Code)}/open";

        form.Raw(form.Summary(labels))
            .Raw($"""<form method="post" action="{E(path)}" enctype="multipart/form-data" novalidate>""")
            .Hidden(tokens.FormFieldName, tokens.RequestToken)
            .Hidden("BRAND", brand.Code)
            .Language()
            .Input("EMAIL", labels["EMAIL"], "email", required: true, autocomplete: "email", maxLength: Limits.Email, hint: text.EmailHint)
            .Input("NAME", labels["NAME"], required: true, autocomplete: "name", maxLength: Limits.Name)
            .Input("CUSTOMER", labels["CUSTOMER"], autocomplete: "organization", maxLength: Limits.Name)
            .Input("PHONE", labels["PHONE"], "tel", autocomplete: "tel", maxLength: Limits.Phone)
            .Select("PRODUCT_FAMILY", labels["PRODUCT_FAMILY"], familyOptions, required: true)
            .Input("PRODUCT", labels["PRODUCT"], maxLength: Limits.Name, list: products.Length > 0 ? "PRODUCT-list" : null)
            .Raw(products.Length > 0 ? $"""<datalist id="PRODUCT-list">{products}</datalist>""" : "")
            .Input("SERIAL_NUMBER", labels["SERIAL_NUMBER"], maxLength: Limits.Reference, hint: text.SerialHint)
            .Input("ORDER_NUMBER", labels["ORDER_NUMBER"], maxLength: Limits.Reference)
            .Input("INVOICE_NUMBER", labels["INVOICE_NUMBER"], maxLength: Limits.Reference)
            .Select("WARRANTY", labels["WARRANTY"], [("", text.WarrantyUnknown), ("oui", text.Yes), ("non", text.No)])
            .Input("SUBJECT", labels["SUBJECT"], required: true, maxLength: Limits.Subject)
            .TextArea("DESCRIPTION", labels["DESCRIPTION"], maxLength: Limits.Description, hint: text.DescriptionHint)
            .Files("FILES", labels["FILES"], string.Join(',', documents.AllowedTypes), text.Format(text.FilesHint, documents.MaxFiles, megabytes))
            .Honeypot()
            .Raw($"""<button type="submit">{E(text.OpenButton)}</button></form>""");
        return Html(status, brand, text, text.OpenTitle, form.ToString(), $"{path}?{PageText.Field}={text.Other.Language}");
    }
}
