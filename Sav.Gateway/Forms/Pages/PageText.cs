using System.Globalization;

namespace Sav.Gateway.Forms.Pages;

/// <summary>Every word of the public pages, in French (the default) and English. A page picks one from
/// <c>?lang=</c> or its form's hidden field, else from the ticket's or the brand's language.</summary>
public sealed record PageText
{
    public const string Field = "lang";

    public required string Language { get; init; }
    public required CultureInfo Culture { get; init; }
    public required string SwitchText { get; init; }
    public required string ServiceName { get; init; }
    public required string Required { get; init; }
    public required string Honeypot { get; init; }
    public required string ErrorSummary { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required string OpenTitle { get; init; }
    public required string OpenButton { get; init; }
    public required string Choose { get; init; }
    public required string WarrantyUnknown { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string EmailHint { get; init; }
    public required string SerialHint { get; init; }
    public required string DescriptionHint { get; init; }
    /// <summary>{0}: how many files, {1}: megabytes each.</summary>
    public required string FilesHint { get; init; }

    public required IReadOnlyDictionary<FormKind, (string Title, string Intro, string Button)> ContextForms { get; init; }
    public required string ContextHint { get; init; }
    public required string Optional { get; init; }
    public required string UnknownContext { get; init; }

    public required string ThanksTitle { get; init; }
    public required IReadOnlyDictionary<FormKind, string> Thanks { get; init; }
    public required string YourContext { get; init; }
    public required string KeepContext { get; init; }

    public required string UnreadableTitle { get; init; }
    public required string SendFromPage { get; init; }
    public required string TooLargeTitle { get; init; }
    public required string TooLargeMessage { get; init; }
    public required string ExpiredTitle { get; init; }
    public required string ExpiredMessage { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundMessage { get; init; }
    public required string TooManyTitle { get; init; }
    /// <summary>{0}: seconds to wait.</summary>
    public required string TooManyMessage { get; init; }

    public required string WarrantyInvalid { get; init; }
    /// <summary>{0}: the field's label.</summary>
    public required string FieldRequired { get; init; }
    /// <summary>{0}: the field's label, {1}: the most characters it takes.</summary>
    public required string FieldTooLong { get; init; }
    /// <summary>{0}: the field's label.</summary>
    public required string FieldNotEmail { get; init; }
    /// <summary>{0}: the field's label.</summary>
    public required string FieldInvalid { get; init; }
    /// <summary>{0}: file name, {1}: megabytes.</summary>
    public required string FileTooLarge { get; init; }
    /// <summary>{0}: how many files.</summary>
    public required string TooManyFiles { get; init; }
    /// <summary>{0}: file name.</summary>
    public required string FileTypeRefused { get; init; }

    public PageText Other => Language == "en" ? French : English;

    public string Format(string text, params object[] values) => string.Format(Culture, text, values);

    /// <summary>The English words for "en", the French ones for "fr", null for anything else.</summary>
    public static PageText? For(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "en" => English,
        "fr" => French,
        _ => null,
    };

    /// <summary>The first language given that the pages speak; French when none.</summary>
    public static PageText Pick(params string?[] languages) => languages.Select(For).FirstOrDefault(t => t is not null) ?? French;

    public static readonly PageText French = new()
    {
        Language = "fr",
        Culture = CultureInfo.GetCultureInfo("fr-FR"),
        SwitchText = "English",
        ServiceName = "Service après-vente",
        Required = "(obligatoire)",
        Honeypot = "Ne pas remplir ce champ",
        ErrorSummary = "Certains champs sont à corriger :",
        Labels = new Dictionary<string, string>
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
            ["CONTEXT"] = "Numéro de dossier",
            ["COMMENT"] = "Commentaire",
            ["ANSWER"] = "Votre réponse",
        },
        OpenTitle = "Demande d'assistance",
        OpenButton = "Envoyer ma demande",
        Choose = "Choisissez…",
        WarrantyUnknown = "Je ne sais pas",
        Yes = "Oui",
        No = "Non",
        EmailHint = "Nous vous écrivons à cette adresse.",
        SerialHint = "Sur l'étiquette au dos de l'appareil.",
        DescriptionHint = "Ce que vous constatez, depuis quand, ce que vous avez déjà essayé.",
        FilesHint = "Facultatif : jusqu'à {0} fichiers de {1} Mo au plus chacun (photos, vidéos, PDF).",
        ContextForms = new Dictionary<FormKind, (string, string, string)>
        {
            [FormKind.Status] = ("Suivre mon dossier", "Nous vous envoyons par e-mail l'état de votre dossier et nos derniers échanges.",
                "Recevoir l'état de mon dossier"),
            [FormKind.Close] = ("Clôturer mon dossier", "Votre problème est réglé ? Clôturez le dossier ; vous pourrez le réouvrir si besoin.",
                "Clôturer mon dossier"),
            [FormKind.Reopen] = ("Réouvrir mon dossier", "Le problème revient ? Réouvrez le dossier : notre équipe le reprend.",
                "Réouvrir mon dossier"),
            [FormKind.Answer] = ("Répondre à notre question", "Votre réponse est ajoutée au dossier et transmise à notre équipe.",
                "Envoyer ma réponse"),
        },
        ContextHint = "Il figure dans l'objet de nos e-mails, par exemple AT73#K9F2Q.",
        Optional = "Facultatif.",
        UnknownContext = "Ce numéro de dossier est inconnu. Recopiez-le tel qu'il figure dans l'objet de nos e-mails, par exemple AT73#K9F2Q.",
        ThanksTitle = "Merci",
        Thanks = new Dictionary<FormKind, string>
        {
            [FormKind.Open] = "Votre demande est enregistrée. Un e-mail de confirmation vous est envoyé.",
            [FormKind.Status] = "Vous allez recevoir par e-mail l'état de votre dossier.",
            [FormKind.Close] = "Votre dossier est clôturé. Un e-mail vous le confirme.",
            [FormKind.Reopen] = "Votre demande de réouverture est enregistrée. Un e-mail vous le confirme.",
            [FormKind.Answer] = "Votre réponse est transmise à notre équipe.",
        },
        YourContext = "Votre numéro de dossier :",
        KeepContext = "Notez-le : il vous sera demandé pour suivre, clôturer ou réouvrir votre dossier.",
        UnreadableTitle = "Demande illisible",
        SendFromPage = "Envoyez ce formulaire depuis sa page.",
        TooLargeTitle = "Envoi trop volumineux",
        TooLargeMessage = "Les fichiers joints sont trop lourds. Revenez en arrière et joignez des fichiers plus petits.",
        ExpiredTitle = "Page expirée",
        ExpiredMessage = "Cette page a expiré. Revenez en arrière, rechargez-la et envoyez de nouveau le formulaire.",
        NotFoundTitle = "Page introuvable",
        NotFoundMessage = "Cette page n'existe pas. Vérifiez le lien reçu par e-mail.",
        TooManyTitle = "Trop de demandes",
        TooManyMessage = "Vous avez envoyé beaucoup de demandes en peu de temps. Réessayez dans {0} secondes.",
        WarrantyInvalid = "« Produit sous garantie » vaut oui, non (yes, no) ou rien.",
        FieldRequired = "« {0} » est obligatoire.",
        FieldTooLong = "« {0} » ne doit pas dépasser {1} caractères.",
        FieldNotEmail = "« {0} » n'est pas une adresse e-mail valide.",
        FieldInvalid = "« {0} » contient des caractères non autorisés.",
        FileTooLarge = "Le fichier « {0} » dépasse {1} Mo.",
        TooManyFiles = "Au plus {0} fichiers par demande.",
        FileTypeRefused = "Le fichier « {0} » n'est pas d'un type accepté (photos, vidéos, PDF).",
    };

    public static readonly PageText English = new()
    {
        Language = "en",
        Culture = CultureInfo.GetCultureInfo("en-GB"),
        SwitchText = "Français",
        ServiceName = "After-sales service",
        Required = "(required)",
        Honeypot = "Leave this field empty",
        ErrorSummary = "Some fields need correcting:",
        Labels = new Dictionary<string, string>
        {
            ["EMAIL"] = "Email address",
            ["NAME"] = "Full name",
            ["CUSTOMER"] = "School or company",
            ["PHONE"] = "Phone",
            ["PRODUCT_FAMILY"] = "Product type",
            ["PRODUCT"] = "Model",
            ["SERIAL_NUMBER"] = "Serial number",
            ["ORDER_NUMBER"] = "Order number",
            ["INVOICE_NUMBER"] = "Invoice number",
            ["WARRANTY"] = "Product under warranty",
            ["SUBJECT"] = "Subject",
            ["DESCRIPTION"] = "Description of the problem",
            ["FILES"] = "Photos or videos",
            ["CONTEXT"] = "Case number",
            ["COMMENT"] = "Comment",
            ["ANSWER"] = "Your answer",
        },
        OpenTitle = "Support request",
        OpenButton = "Send my request",
        Choose = "Choose…",
        WarrantyUnknown = "I don't know",
        Yes = "Yes",
        No = "No",
        EmailHint = "We will write to you at this address.",
        SerialHint = "On the label at the back of the device.",
        DescriptionHint = "What you see, since when, and what you have already tried.",
        FilesHint = "Optional: up to {0} files of at most {1} MB each (photos, videos, PDF).",
        ContextForms = new Dictionary<FormKind, (string, string, string)>
        {
            [FormKind.Status] = ("Track my case", "We will email you the status of your case and our latest messages.",
                "Get the status of my case"),
            [FormKind.Close] = ("Close my case", "Is your problem solved? Close the case; you can reopen it if needed.",
                "Close my case"),
            [FormKind.Reopen] = ("Reopen my case", "Has the problem come back? Reopen the case: our team will take it up again.",
                "Reopen my case"),
            [FormKind.Answer] = ("Answer our question", "Your answer is added to the case and passed on to our team.",
                "Send my answer"),
        },
        ContextHint = "It appears in the subject of our emails, for example AT73#K9F2Q.",
        Optional = "Optional.",
        UnknownContext = "This case number is unknown. Copy it exactly as it appears in the subject of our emails, for example AT73#K9F2Q.",
        ThanksTitle = "Thank you",
        Thanks = new Dictionary<FormKind, string>
        {
            [FormKind.Open] = "Your request has been recorded. A confirmation email is on its way.",
            [FormKind.Status] = "You will receive the status of your case by email.",
            [FormKind.Close] = "Your case is closed. An email confirms it.",
            [FormKind.Reopen] = "Your request to reopen the case has been recorded. An email confirms it.",
            [FormKind.Answer] = "Your answer has been passed on to our team.",
        },
        YourContext = "Your case number:",
        KeepContext = "Keep it: you will need it to track, close or reopen your case.",
        UnreadableTitle = "Unreadable request",
        SendFromPage = "Send this form from its page.",
        TooLargeTitle = "Upload too large",
        TooLargeMessage = "The attached files are too large. Go back and attach smaller files.",
        ExpiredTitle = "Page expired",
        ExpiredMessage = "This page has expired. Go back, reload it and send the form again.",
        NotFoundTitle = "Page not found",
        NotFoundMessage = "This page does not exist. Check the link in our email.",
        TooManyTitle = "Too many requests",
        TooManyMessage = "You have sent many requests in a short time. Try again in {0} seconds.",
        WarrantyInvalid = "“Product under warranty” is yes, no (oui, non) or empty.",
        FieldRequired = "“{0}” is required.",
        FieldTooLong = "“{0}” must be at most {1} characters.",
        FieldNotEmail = "“{0}” is not a valid email address.",
        FieldInvalid = "“{0}” contains characters that are not allowed.",
        FileTooLarge = "The file “{0}” is larger than {1} MB.",
        TooManyFiles = "At most {0} files per request.",
        FileTypeRefused = "The file “{0}” is not of an accepted type (photos, videos, PDF).",
    };
}
