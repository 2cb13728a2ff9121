using System.Globalization;
using System.Resources;

namespace Sav.Gateway.Forms.Pages;

/// <summary>Every word of the public pages, in French (PageTexts.resx, the default) and English (PageTexts.en.resx). A page picks one from
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
    public required string Deferred { get; init; }
    public required string UnavailableTitle { get; init; }
    public required string UnavailableMessage { get; init; }
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

    public required string RateTitle { get; init; }
    public required string RateIntro { get; init; }
    public required string RateLegend { get; init; }
    public required string RateButton { get; init; }
    public required string RateThanks { get; init; }
    public required string RateCommentThanks { get; init; }
    public required string RateForgedTitle { get; init; }
    public required string RateForgedMessage { get; init; }
    public required string RateOutdatedTitle { get; init; }
    public required string RateOutdatedMessage { get; init; }

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

    // Before French and English, which read them as they are made.
    private static readonly ResourceManager Resources = new(typeof(PageText).Namespace + ".PageTexts", typeof(PageText).Assembly);

    /// <summary>The fields the public forms label.</summary>
    private static readonly string[] FormFieldNames =
    [
        "EMAIL", "NAME", "CUSTOMER", "PHONE", "PRODUCT_FAMILY", "PRODUCT", "SERIAL_NUMBER", "ORDER_NUMBER", "INVOICE_NUMBER",
        "WARRANTY", "SUBJECT", "DESCRIPTION", "FILES", "CONTEXT", "COMMENT", "ANSWER",
    ];

    public static readonly PageText French = Read("fr", CultureInfo.GetCultureInfo("fr-FR"));
    public static readonly PageText English = Read("en", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>The words of PageTexts.resx (French) or PageTexts.en.resx (English).</summary>
    private static PageText Read(string language, CultureInfo culture)
    {
        string T(string key) => Resources.GetString(key, culture) ?? throw new InvalidOperationException($"PageTexts has no {key}.");
        var kinds = Enum.GetValues<FormKind>();
        return new PageText
        {
            Language = language,
            Culture = culture,
            SwitchText = T(nameof(SwitchText)),
            ServiceName = T(nameof(ServiceName)),
            Required = T(nameof(Required)),
            Honeypot = T(nameof(Honeypot)),
            ErrorSummary = T(nameof(ErrorSummary)),
            Labels = FormFieldNames.ToDictionary(name => name, name => T("Label." + name)),
            OpenTitle = T(nameof(OpenTitle)),
            OpenButton = T(nameof(OpenButton)),
            Choose = T(nameof(Choose)),
            WarrantyUnknown = T(nameof(WarrantyUnknown)),
            Yes = T(nameof(Yes)),
            No = T(nameof(No)),
            EmailHint = T(nameof(EmailHint)),
            SerialHint = T(nameof(SerialHint)),
            DescriptionHint = T(nameof(DescriptionHint)),
            FilesHint = T(nameof(FilesHint)),
            ContextForms = kinds.Where(k => k != FormKind.Open).ToDictionary(k => k,
                k => (T($"Context.{k}.Title"), T($"Context.{k}.Intro"), T($"Context.{k}.Button"))),
            ContextHint = T(nameof(ContextHint)),
            Optional = T(nameof(Optional)),
            UnknownContext = T(nameof(UnknownContext)),
            ThanksTitle = T(nameof(ThanksTitle)),
            Thanks = kinds.ToDictionary(k => k, k => T($"Thanks.{k}")),
            YourContext = T(nameof(YourContext)),
            KeepContext = T(nameof(KeepContext)),
            UnreadableTitle = T(nameof(UnreadableTitle)),
            SendFromPage = T(nameof(SendFromPage)),
            TooLargeTitle = T(nameof(TooLargeTitle)),
            TooLargeMessage = T(nameof(TooLargeMessage)),
            ExpiredTitle = T(nameof(ExpiredTitle)),
            ExpiredMessage = T(nameof(ExpiredMessage)),
            NotFoundTitle = T(nameof(NotFoundTitle)),
            NotFoundMessage = T(nameof(NotFoundMessage)),
            Deferred = T(nameof(Deferred)),
            UnavailableTitle = T(nameof(UnavailableTitle)),
            UnavailableMessage = T(nameof(UnavailableMessage)),
            TooManyTitle = T(nameof(TooManyTitle)),
            TooManyMessage = T(nameof(TooManyMessage)),
            WarrantyInvalid = T(nameof(WarrantyInvalid)),
            FieldRequired = T(nameof(FieldRequired)),
            FieldTooLong = T(nameof(FieldTooLong)),
            FieldNotEmail = T(nameof(FieldNotEmail)),
            FieldInvalid = T(nameof(FieldInvalid)),
            FileTooLarge = T(nameof(FileTooLarge)),
            TooManyFiles = T(nameof(TooManyFiles)),
            FileTypeRefused = T(nameof(FileTypeRefused)),
            RateTitle = T(nameof(RateTitle)),
            RateIntro = T(nameof(RateIntro)),
            RateLegend = T(nameof(RateLegend)),
            RateButton = T(nameof(RateButton)),
            RateThanks = T(nameof(RateThanks)),
            RateCommentThanks = T(nameof(RateCommentThanks)),
            RateForgedTitle = T(nameof(RateForgedTitle)),
            RateForgedMessage = T(nameof(RateForgedMessage)),
            RateOutdatedTitle = T(nameof(RateOutdatedTitle)),
            RateOutdatedMessage = T(nameof(RateOutdatedMessage)),
        };
    }
}
