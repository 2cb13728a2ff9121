namespace Sav.Domain.Mail.Templates;

/// <summary>The words of the mails, French first, English beside it.</summary>
internal sealed record MailTexts(
    string Greeting,
    string Signature,
    string ReplyHint,
    string StatusLine,
    string ButtonStatus,
    string ButtonClose,
    string ButtonReopen,
    string ButtonAnswer,
    string HistoryTitle,
    string You,
    string Support,
    IReadOnlyDictionary<MailTemplate, (string Title, string Body)> Templates)
{
    public static MailTexts For(string language) => language == "en" ? English : French;

    public static readonly MailTexts French = new(
        Greeting: "Bonjour {0},",
        Signature: "Le service après-vente {0}",
        ReplyHint: "Pour nous envoyer des photos ou des vidéos, répondez simplement à ce mail en y joignant vos fichiers, sans modifier l'objet.",
        StatusLine: "Statut actuel de votre dossier : {0}",
        ButtonStatus: "Connaître l'état de mon dossier",
        ButtonClose: "Clôturer mon dossier",
        ButtonReopen: "Réouvrir mon dossier",
        ButtonAnswer: "Cliquer ici pour répondre",
        HistoryTitle: "Derniers échanges",
        You: "Vous",
        Support: "Service après-vente",
        Templates: new Dictionary<MailTemplate, (string, string)>
        {
            [MailTemplate.OpeningConfirmation] = ("Votre demande a bien été enregistrée",
                "Nous avons bien reçu votre demande « {0} ». Votre numéro de dossier est {1} : rappelez-le dans vos échanges avec nous."),
            [MailTemplate.Question] = ("Nous avons besoin d'une précision",
                "Pour avancer sur votre dossier « {0} », notre équipe vous pose la question suivante :"),
            [MailTemplate.Status] = ("État de votre dossier",
                "Voici où en est votre dossier « {0} »."),
            [MailTemplate.ClosingConfirmation] = ("Votre dossier est clôturé",
                "Votre dossier « {0} » est maintenant clôturé. Si le problème revient, vous pouvez le réouvrir à tout moment."),
            [MailTemplate.ReopeningConfirmation] = ("Votre dossier est réouvert",
                "Votre dossier « {0} » est réouvert : notre équipe le reprend et revient vers vous."),
            [MailTemplate.ReopenNotNeeded] = ("Votre dossier est toujours ouvert",
                "Votre dossier « {0} » n'était pas clôturé : il reste ouvert et notre équipe le suit. Rien n'a changé."),
            [MailTemplate.AttachmentTooLarge] = ("Fichiers trop volumineux",
                "Nous avons bien reçu votre message pour le dossier « {0} », mais ces fichiers dépassent la taille que nous pouvons recevoir et n'ont pas été conservés. Envoyez-les plus légers, en plusieurs fois, ou par un lien de partage :"),
        });

    public static readonly MailTexts English = new(
        Greeting: "Hello {0},",
        Signature: "The {0} after-sales service",
        ReplyHint: "To send us photos or videos, simply reply to this mail with your files attached, keeping the subject as it is.",
        StatusLine: "Current status of your ticket: {0}",
        ButtonStatus: "Check my ticket's status",
        ButtonClose: "Close my ticket",
        ButtonReopen: "Reopen my ticket",
        ButtonAnswer: "Click here to answer",
        HistoryTitle: "Latest messages",
        You: "You",
        Support: "After-sales service",
        Templates: new Dictionary<MailTemplate, (string, string)>
        {
            [MailTemplate.OpeningConfirmation] = ("Your request has been registered",
                "We have received your request \"{0}\". Your ticket number is {1}: please quote it when you write to us."),
            [MailTemplate.Question] = ("We need more details",
                "To move forward with your ticket \"{0}\", our team asks:"),
            [MailTemplate.Status] = ("Your ticket's status",
                "Here is where your ticket \"{0}\" stands."),
            [MailTemplate.ClosingConfirmation] = ("Your ticket is closed",
                "Your ticket \"{0}\" is now closed. If the problem comes back, you can reopen it at any time."),
            [MailTemplate.ReopeningConfirmation] = ("Your ticket is reopened",
                "Your ticket \"{0}\" is reopened: our team is taking it up again and will get back to you."),
            [MailTemplate.ReopenNotNeeded] = ("Your ticket is still open",
                "Your ticket \"{0}\" was not closed: it stays open and our team is following it. Nothing has changed."),
            [MailTemplate.AttachmentTooLarge] = ("Files too large",
                "We have received your message about your ticket \"{0}\", but these files are larger than we can receive and were not kept. Please send them smaller, in several mails, or as a sharing link:"),
        });
}
