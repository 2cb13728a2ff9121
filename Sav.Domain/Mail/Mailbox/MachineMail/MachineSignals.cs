using System.Text.RegularExpressions;

namespace Sav.Domain.Mail.Mailbox.MachineMail;

/// <summary>One telltale of machine mail and what it weighs; <see cref="MachineMailClassifier.Threshold"/> points
/// ignore a message. A decisive signal weighs the threshold on its own; the others only add up.</summary>
internal sealed record Signal(string Name, int Weight, Regex Pattern);

/// <summary>What mail servers, auto-responders and list managers are known to write, after their public documentation
/// and the messages they send. Subjects are anchored at their start: a person's « RE: réponse automatique désactivée »
/// is not an auto-reply's « Réponse automatique : … ».</summary>
internal static class MachineSignals
{
    // Linear in the text whatever the pattern (no backtracking), so no time budget is needed and none can run out on a
    // busy machine: a timeout would stop the sweep on a message.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
    private static readonly TimeSpan Budget = Regex.InfiniteMatchTimeout;

    /// <summary>A subject's phrase ends there: a colon, a dash, a bracket, or the end.</summary>
    private const string Ends = @"\s*([:\-–(\[]|$)";

    private static Signal S(string name, int weight, string pattern) => new(name, weight, new Regex(pattern, Options, Budget));

    /// <summary>Display names mail servers sign with, compared whole: « Postmaster Général » is a person.</summary>
    public static readonly Regex SenderName = new(
        @"^\s*(mailer[- ]?daemon|mail[- ]?daemon|postmaster|mail delivery (sub)?system|mail delivery service|mail administrator|" +
        @"microsoft outlook|microsoft exchange|system administrator|internet mail delivery|mail system|mailsystem|" +
        @"delivery status notification|undeliverable mail|lotus domino|mdaemon|dma|qmail-send|courier mail server|" +
        @"mail delivery|système de messagerie|syst[eè]me de remise du courrier|administrateur du syst[eè]me)\s*(\(.*\))?\s*$", Options, Budget);

    /// <summary>Local parts of the addresses mail servers and list managers send from.</summary>
    public static readonly Regex SenderLocal = new(
        @"^(mailer-?daemon|mail-?daemon|postmaster|bounces?|bounce-[^@]*|.*-bounces?|mdaemon|double-bounce|mailerdaemon|" +
        @"microsoftexchange[0-9a-f]*|msexchange)$", Options, Budget);

    public static readonly Regex ListManagerLocal = new(@"^(.*-(admin|owner|request)|owner-.*|fml-.*|sympa|listserv|majordomo|mailman)$", Options, Budget);

    /// <summary>Subjects of delivery failures, delays and notices, in English, French and the neighbours' languages.</summary>
    public static readonly Signal[] Subjects =
    [
        S("delivery failure subject", 5,
            @"^\s*(\[[^\]]*\]\s*)?(undeliver(ed|able)( mail| message)?\b|undelivered mail returned to sender|mail delivery failed|" +
            @"returned mail\b|failure notice|delivery status notification|delivery (has )?failed|delivery failure|message delivery failure|" +
            @"delivery notification|failed delivery|mail system error|delayed mail|delivery delayed|message not delivered|" +
            @"warning: could not send message|could not send message|mail could not be delivered|" +
            @"non remis\b|non distribuable|non délivré|message non (remis|délivré|distribué)|[ée]chec de (la )?(remise|distribution|livraison)|" +
            @"remise diff[ée]r[ée]e|notification d'[ée]tat de (la )?(remise|distribution)|rapport de non-remise|courrier (retourn[ée]|non remis)|" +
            @"unzustellbar|nicht zustellbar|benachrichtigung zum [üu]bermittlungsstatus|non recapitabile|no se puede entregar|" +
            @"no entregado|onbestelbaar|niet bezorgd|rejected|undelivered|warning: could not send message for past .*)" + Ends),
        S("auto-reply subject", 5,
            @"^\s*(\[[^\]]*\]\s*)?(r[ée]ponse automatique|automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|out of (the )?office|" +
            @"absence du bureau|absent(e)? du bureau|je suis absent(e)?|absence prolong[ée]e|message d'absence|en cong[ée]s?\s*[:\-]|" +
            @"i am (currently )?out of (the )?office|i('m| am) away|away from (the|my) office|on vacation|vacation reply|" +
            @"abwesenheitsnotiz|automatische antwort|risposta automatica|fuori ufficio|respuesta autom[áa]tica|fuera de la oficina|" +
            @"automatisch antwoord|afwezig|autosvar)" + Ends),
        S("challenge subject", 5,
            @"^\s*(please confirm your (e-?mail|message)|confirm your e-?mail|verification required|sender verification|" +
            @"v[ée]rification de l'exp[ée]diteur|confirmez votre (adresse|message)|your message (is )?awaiting (verification|confirmation))"),
        S("list notice subject", 4,
            @"^\s*(\[[^\]]*\]\s*)?(duplicated message-id|message held|your message to .* awaits moderator approval|" +
            @"message en attente de mod[ée]ration|post(ing)? rejected|message rejected|uncaught bounce notification|you are not (a|allowed)|not a member|subscription|confirm subscription)"),
    ];

    /// <summary>Lines machines write at the top of their notices, one server or shape each.</summary>
    public static readonly Signal[] Body =
    [
        S("Postfix", 5, @"this is the mail system at host|i'm sorry to have to inform you that your message could not|<[^>\s]+>: host \S+ said:"),
        S("Sendmail", 5, @"the original message was received at|-----\s*the following addresses had (permanent fatal|transient non-fatal) errors|-----\s*transcript of session follows"),
        S("Exim", 5, @"this message was created automatically by mail delivery software|a message that you sent could not be delivered to one or more of its\s+recipients|a message that you sent has not yet been delivered|" +
            @"ce message a [ée]t[ée] cr[ée]{1,2} automatiquement par le logiciel de (distribution|remise)"),
        S("qmail", 5, @"this is the qmail-send program at|i'm afraid i wasn't able to deliver your message to the following addresses"),
        S("Courier", 5, @"this is a delivery status notification from|running the courier mail server"),
        S("Exchange", 5, @"delivery has failed to these recipients or groups|your message to \S+ couldn't be delivered|your message couldn't be delivered|diagnostic information for administrators|remote server returned '|" +
            @"la remise a [ée]chou[ée] pour (les destinataires|ces destinataires)|votre message n'a pas pu [êe]tre remis|votre message à \S+ n'a pas pu [êe]tre remis|informations de diagnostic pour les administrateurs|le serveur distant a retourn[ée]|" +
            @"delivery to the following recipients failed|delivery to these recipients or groups is complete|die zustellung an folgende empf[äa]nger oder gruppen ist fehlgeschlagen"),
        S("Gmail", 5, @"your message wasn't delivered to|because the address couldn't be found|the response from the remote server was:|" +
            @"votre message n'a pas [ée]t[ée] distribu[ée]|l'adresse est introuvable|adresse introuvable|la r[ée]ponse du serveur distant [ée]tait|there was a temporary problem delivering your message"),
        S("Yahoo", 5, @"sorry, we were unable to deliver your message to the following address|this is an automatically generated message from the delivery system"),
        S("DragonFly", 5, @"this is the dragonfly mail agent at|there was an error delivering your mail to"),
        S("Domino", 5, @"your message\s[\s\S]{0,200}\swas not delivered to:|not listed in (the )?domino directory|lotus domino"),
        S("appliance", 5, @"your message could not be delivered to the following recipients|your message was not delivered due to the following reason|" +
            @"this is an automatically generated delivery status notification|message could not be delivered\. the following address|" +
            @"the following message to <[^>]+> was undeliverable|delivery to the following recipient(s)? (has )?failed permanently|" +
            @"this message was undeliverable due to the following reason|unable to deliver message to the following recipients|" +
            @"votre message n'a pas pu [êe]tre d[ée]livr[ée]|le message n'a pas pu [êe]tre remis|ce message a [ée]t[ée] g[ée]n[ée]r[ée] automatiquement par le syst[eè]me de (distribution|messagerie)"),
        S("delivery status", 4, @"^\s*(final-recipient|original-recipient|action: (failed|delayed)|status: [245]\.\d{1,3}\.\d{1,3}|diagnostic-code:)", RegexOptions.Multiline),
        S("list manager", 5, @"duplicated message-id|original mail as follows:|your message has been (rejected|held)|is being held until the list moderator|" +
            @"you are not allowed to post to this mailing list|only members can post|this list is moderated|" +
            @"the attached message was received as a bounce|uncaught bounce notification"),
        S("challenge-response", 5, @"(to|in order to) (deliver|get) your message,? please (click|confirm|reply)|i('m| am) protecting myself from (spam|receiving junk mail)|" +
            @"this is an automated message from .{0,40}(spam|anti-spam)|pour que votre message (me )?soit (remis|d[ée]livr[ée]),? (merci de|veuillez) (cliquer|confirmer)|" +
            @"boxbe|spamarrest|challenge-response"),
        S("auto-reply", 5, @"^\s*(je suis (actuellement )?absent(e)?|i am (currently )?out of (the )?office|i('m| am) currently away|" +
            @"je serai de retour le|i will be back on|i will return on|ceci est une r[ée]ponse automatique|this is an automatic (reply|response)|" +
            @"merci pour votre message\. je suis absent)", RegexOptions.Multiline),
    ];

    /// <summary>Amazon SES through SNS, and the like: a notification document, never written by a person.</summary>
    public static readonly Regex ProviderJson = new(
        @"\\?""(notificationType|eventType)\\?""\s*:\s*\\?""(Bounce|Complaint|DeliveryDelay)\\?""|\\?""bounceType\\?""\s*:\s*\\?""(Permanent|Transient|Undetermined)\\?""",
        Options, Budget);

    /// <summary>Where a forwarded or quoted message starts: what follows is history, not the sender's own words.</summary>
    public static readonly Regex QuoteStart = new(
        @"^\s*(>|-{2,}\s*(forwarded message|original message|message d'origine|message transf[ée]r[ée]|weitergeleitete nachricht)|" +
        @"d[ée]but du message (r[ée]exp[ée]di[ée]|transf[ée]r[ée])|begin forwarded message|(de|from)\s?:\s.+@|le .{6,80} a [ée]crit\s?:|on .{6,80} wrote:)",
        Options | RegexOptions.Multiline, Budget);

    private static Signal S(string name, int weight, string pattern, RegexOptions extra) => new(name, weight, new Regex(pattern, Options | extra, Budget));
}
