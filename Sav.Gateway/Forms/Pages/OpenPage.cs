using Microsoft.AspNetCore.Antiforgery;
using Sav.Domain;
using Sav.Domain.Brands;
using Sav.Domain.Documents;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

/// <summary>The form that opens a ticket, in a brand's colours.</summary>
public static class OpenPage
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["EMAIL"] = "Adresse e-mail",
        ["NAME"] = "Nom et prénom",
        ["CUSTOMER"] = "Établissement ou société",
        ["PHONE"] = "Téléphone",
        ["PRODUCT_FAMILY"] = "Type de produit",
        ["PRODUCT"] = "Modèle",
        ["SERIAL_NUMBER"] = "Numéro de série",
        ["ORDER_NUMBER"] = "Numéro de commande",
        ["INVOICE_NUMBER"] = "Numéro de facture",
        ["WARRANTY"] = "Produit sous garantie",
        ["SUBJECT"] = "Objet de la demande",
        ["DESCRIPTION"] = "Description du problème",
        ["FILES"] = "Photos ou vidéos",
    };

    public static IResult Render(int status, Brand brand, IReadOnlyList<string> families, TicketDocuments documents,
        AntiforgeryTokenSet tokens, IDictionary<string, string[]>? errors, Func<string, string?> value)
    {
        var form = new FormHtml(errors, value);
        var familyOptions = new List<(string, string)> { ("", "Choisissez…") };
        familyOptions.AddRange(families.Select(f => (f, f)));
        var given = value("PRODUCT_FAMILY");
        if (!string.IsNullOrEmpty(given) && !families.Contains(given)) familyOptions.Add((given, given));
        var megabytes = documents.MaxBytes / (1024 * 1024);

        form.Raw(form.Summary(Labels))
            .Raw($"""<form method="post" action="/f/{E(Uri.EscapeDataString(brand.Code))}/open" enctype="multipart/form-data" novalidate>""")
            .Hidden(tokens.FormFieldName, tokens.RequestToken)
            .Hidden("BRAND", brand.Code)
            .Input("EMAIL", Labels["EMAIL"], "email", required: true, autocomplete: "email", maxLength: Limits.Email,
                hint: "Nous vous écrivons à cette adresse.")
            .Input("NAME", Labels["NAME"], required: true, autocomplete: "name", maxLength: Limits.Name)
            .Input("CUSTOMER", Labels["CUSTOMER"], autocomplete: "organization", maxLength: Limits.Name)
            .Input("PHONE", Labels["PHONE"], "tel", autocomplete: "tel", maxLength: Limits.Phone)
            .Select("PRODUCT_FAMILY", Labels["PRODUCT_FAMILY"], familyOptions, required: true)
            .Input("PRODUCT", Labels["PRODUCT"], maxLength: Limits.Name)
            .Input("SERIAL_NUMBER", Labels["SERIAL_NUMBER"], maxLength: Limits.Reference, hint: "Sur l'étiquette au dos de l'appareil.")
            .Input("ORDER_NUMBER", Labels["ORDER_NUMBER"], maxLength: Limits.Reference)
            .Input("INVOICE_NUMBER", Labels["INVOICE_NUMBER"], maxLength: Limits.Reference)
            .Select("WARRANTY", Labels["WARRANTY"], [("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")])
            .Input("SUBJECT", Labels["SUBJECT"], required: true, maxLength: Limits.Subject)
            .TextArea("DESCRIPTION", Labels["DESCRIPTION"], maxLength: Limits.Description,
                hint: "Ce que vous constatez, depuis quand, ce que vous avez déjà essayé.")
            .Files("FILES", Labels["FILES"], string.Join(',', documents.AllowedTypes),
                $"Facultatif : jusqu'à {documents.MaxFiles} fichiers de {megabytes} Mo au plus chacun (photos, vidéos, PDF).")
            .Honeypot()
            .Raw("""<button type="submit">Envoyer ma demande</button></form>""");
        return Html(status, brand, "Demande d'assistance", form.ToString());
    }
}
