using System.Globalization;
using System.Resources;

namespace Sav.Domain.Mail.Templates;

/// <summary>The words of the mails, from MailTexts.resx (French, the default) and MailTexts.en.resx.</summary>
internal sealed record MailTexts(
    string Greeting,
    string Signature,
    string ReplyHint,
    string StatusLine,
    string ProductLine,
    string ButtonStatus,
    string ButtonClose,
    string ButtonReopen,
    string ButtonAnswer,
    string HistoryTitle,
    string You,
    string Support,
    string RatingQuestion,
    IReadOnlyDictionary<MailTemplate, (string Title, string Body)> Templates)
{
    private static readonly ResourceManager Resources = new(typeof(MailTexts).FullName!, typeof(MailTexts).Assembly);

    public static readonly MailTexts French = Load(CultureInfo.GetCultureInfo("fr"));
    public static readonly MailTexts English = Load(CultureInfo.GetCultureInfo("en"));

    public static MailTexts For(string language) => language == "en" ? English : French;

    private static MailTexts Load(CultureInfo culture)
    {
        string Text(string key) => Resources.GetString(key, culture) ?? throw new MissingManifestResourceException($"Mail text {key} is missing.");
        return new MailTexts(
            Text(nameof(Greeting)), Text(nameof(Signature)), Text(nameof(ReplyHint)), Text(nameof(StatusLine)), Text(nameof(ProductLine)),
            Text(nameof(ButtonStatus)), Text(nameof(ButtonClose)), Text(nameof(ButtonReopen)), Text(nameof(ButtonAnswer)),
            Text(nameof(HistoryTitle)), Text(nameof(You)), Text(nameof(Support)), Text(nameof(RatingQuestion)),
            Enum.GetValues<MailTemplate>().ToDictionary(t => t, t => (Text($"{t}Title"), Text($"{t}Body"))));
    }
}
