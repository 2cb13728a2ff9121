using static Sav.Tests.Domain.Mail.Mailbox.MachineMail.Eml;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

/// <summary>What people write that looks like machine mail: a bounce forwarded or quoted with a question, « automatique »
/// in a subject, a customer called « Postmaster Général », an absence announced in a real reply. Each is filed.</summary>
public static class HumanCorpus
{
    private static string Human(string body, string subject = "RE: {SUBJ}", string from = "Marie Durand <{TO}>", string extraHeaders = "",
        string charset = "utf-8")
    {
        var headers = $"""
            From: {from}
            To: Service après-vente <{"{SAV}"}>
            Subject: {subject}
            Date: Wed, 2 Dec 2026 11:00:00 +0100
            Message-ID: <human-{Guid.NewGuid():N}@college-pasteur.example>
            User-Agent: Mozilla Thunderbird
            """;
        return Plain(extraHeaders.Length == 0 ? headers : headers + "\n" + extraHeaders, body, charset);
    }

    private static MachineCase Filed(string shape, string template) => new(shape, template, false);

    private const string Forwarded = "forwards or quotes a bounce";
    private const string Words = "machine words in a person's mail";
    private const string Sender = "sender that looks like a server";
    private const string Headers = "headers that alone are not enough";

    private const string PostfixText = """
        This is the mail system at host mail.sav.example.com.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients.

        <marie.durand@college-pasteur.example>: host mx.college-pasteur.example said: 550 5.1.1 User unknown
        """;

    public static readonly IReadOnlyDictionary<string, MachineCase> Cases = new Dictionary<string, MachineCase>
    {
        ["forwards a bounce inline with a question"] = Filed(Forwarded, Human($"""
            Bonjour, j'ai reçu ce message en essayant de vous répondre, mon adresse est-elle bloquée ?

            ---------- Forwarded message ---------
            From: Mail Delivery System <MAILER-DAEMON@mail.sav.example.com>
            Subject: Undelivered Mail Returned to Sender

            {PostfixText}
            """, "TR: {SUBJ}")),
        ["forwards a bounce, French Outlook marker"] = Filed(Forwarded, Human($"""
            Je vous transfère le message d'erreur reçu ce matin.

            -----Message d'origine-----
            De : postmaster@college-pasteur.example
            Objet : Non remis : {"{SUBJ}"}

            La remise a échoué pour les destinataires ou groupes suivants :
            Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound'
            """, "TR: Non remis : {SUBJ}")),
        ["quotes a bounce with > lines"] = Filed(Forwarded, Human("""
            Pouvez-vous vérifier mon adresse ? Votre dernier mail n'est jamais arrivé.

            Le 2 déc. 2026 à 10:00, Mail Delivery Subsystem <mailer-daemon@googlemail.com> a écrit :
            > ** Address not found **
            > Your message wasn't delivered to marie.durand@college-pasteur.example because the address couldn't be found.
            > The response from the remote server was:
            > 550 5.1.1 The email account that you tried to reach does not exist.
            """)),
        ["forwards a DSN as an attached message"] = Filed(Forwarded, $"""
            From: Marie Durand <{"{TO}"}>
            To: {"{SAV}"}
            Subject: TR: {"{SUBJ}"}
            Date: Wed, 2 Dec 2026 11:00:00 +0100
            Message-ID: <human-attached-dsn@college-pasteur.example>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain; charset=utf-8

            Voici l'erreur que mon collègue a reçue, que faut-il faire ?

            --outer
            Content-Type: message/rfc822
            Content-Disposition: attachment; filename="erreur.eml"

            {Dsn("From: MAILER-DAEMON@mail.sav.example.com\nSubject: Undelivered Mail Returned to Sender\nTo: {SAV}", PostfixText,
                Status("mail.sav.example.com", "5.1.1", "550 5.1.1 User unknown"))}
            --outer--
            """),
        ["replies to a bounce, Re: Undeliverable"] = Filed(Forwarded, Human("""
            C'est mon ancienne adresse, utilisez plutôt celle-ci. Merci !
            """, "RE: Undeliverable: {SUBJ}")),
        ["pastes the SMTP error in a sentence"] = Filed(Forwarded, Human("""
            Mon collègue a reçu « 550 5.1.1 user unknown » en vous écrivant, avez-vous changé d'adresse ?
            """)),
        ["forwards an out-of-office it received"] = Filed(Forwarded, Human("""
            Notre technicien est absent, voici sa réponse. Pouvez-vous attendre lundi ?

            Début du message réexpédié :
            De: Paul Martin <paul.martin@college-pasteur.example>
            Objet: Réponse automatique : intervention
            Je suis absent jusqu'au 7 décembre.
            """, "Fwd: {SUBJ}")),
        ["quotes an auto-reply in HTML"] = Filed(Forwarded, """
            From: Marie Durand <{TO}>
            To: {SAV}
            Subject: RE: {SUBJ}
            Date: Wed, 2 Dec 2026 11:00:00 +0100
            Message-ID: <human-html-quote@college-pasteur.example>
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <html><body><p>Voici la photo demandée.</p><blockquote><p>Le 2 déc. 2026, SAV a écrit :</p><p>This message was created automatically by mail delivery software.</p></blockquote></body></html>
            """),

        ["réponse automatique désactivée"] = Filed(Words, Human("Désolée pour le message d'absence, c'est corrigé.", "RE: réponse automatique désactivée - {SUBJ}")),
        ["subject: Réponse automatique désactivée, with the context"] = Filed(Words, Human("J'ai désactivé ma réponse automatique.", "Réponse automatique désactivée {CTX}#")),
        ["subject: mise à jour automatique"] = Filed(Words, Human("L'écran a redémarré seul.", "RE: {SUBJ} - mise à jour automatique ratée")),
        ["subject without accents: Reponse automatique desactivee"] = Filed(Words, Human("C'est bon maintenant.", "Reponse automatique desactivee / {CTX}#")),
        ["subject: Delivery failure of the remote"] = Filed(Words, Human("The remote was never delivered.", "Delivery failure of the remote {CTX}#")),
        ["subject: Returned mail order"] = Filed(Words, Human("I returned the screen by mail.", "Returned mail order {CTX}#")),
        ["subject: Absence de réponse"] = Filed(Words, Human("Je n'ai toujours pas de réponse.", "Re: Absence de réponse", extraHeaders: "In-Reply-To: <{ORIGID}>")),
        ["subject: Out of office hours"] = Filed(Words, Human("The screen fails out of office hours only.", "Out of office hours failure {CTX}#")),
        ["announces an absence in a real reply"] = Filed(Words, Human("""
            Je suis absente du 10 au 15 décembre, merci de contacter mon collègue Paul pour l'enlèvement.
            Le numéro de série est SN-448812.
            """)),
        ["English, out of the office next week"] = Filed(Words, Human("""
            I am out of the office next week; the serial number is SN-448812. Please ship the replacement to reception.
            """)),
        ["says the mail system is at fault"] = Filed(Words, Human("""
            The mail system at our college lost your previous message, could you send it again?
            """)),
        ["talks about a delivery notification"] = Filed(Words, Human("""
            J'ai bien reçu la notification de livraison, mais le colis était vide.
            """, "RE: {SUBJ} - notification de livraison")),
        ["quotes a JSON config, not a notification"] = Filed(Words, Human("""
            Voici la configuration de l'écran : {"brightness": 80, "notificationType": "Popup"}
            """)),
        ["mentions Mailer Daemon"] = Filed(Words, Human("Je reçois des mails de MAILER-DAEMON quand je vous écris, est-ce normal ?")),

        ["customer named Postmaster Général"] = Filed(Sender, Human("Bonjour, l'écran de l'accueil ne s'allume plus.", from: "Postmaster Général <p.general@mairie.example>")),
        ["customer whose address is postmaster@ a small company"] = Filed(Sender, Human("C'est moi qui gère le mail ici, voici la photo.", from: "Jean Petit <postmaster@petite-boite.example>")),
        ["customer named Mail Delivery Dupont"] = Filed(Sender, Human("Voici le bon de retour.", from: "Mail Delivery Dupont <m.dupont@transport.example>")),
        ["customer address bounce.dupont@"] = Filed(Sender, Human("Merci pour le suivi.", from: "Bounce Dupont <bounce.dupont@example.org>")),
        ["customer address daemon.tools@"] = Filed(Sender, Human("Le logiciel plante.", from: "Daemon Tools Support <daemon.tools@example.org>")),
        ["customer named Administrateur système"] = Filed(Sender, Human("Je suis l'administrateur réseau du lycée, voici les logs.", from: "Administrateur réseau <admin@lycee.example>")),
        ["customer sends from a list-like address"] = Filed(Sender, Human("Réponse de l'équipe.", from: "Equipe technique <tech-request@college.example>")),
        ["customer named Postmaster in the name only"] = Filed(Sender, Human("Bonjour, pièce jointe.", from: "Paul Postmaster <paul@example.net>")),

        ["Outlook mail with X-Auto-Response-Suppress"] = Filed(Headers, Human("Voici les photos.", extraHeaders: "X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply")),
        ["Auto-Submitted: no"] = Filed(Headers, Human("Réponse écrite à la main.", extraHeaders: "Auto-Submitted: no")),
        ["Google Group reply with List-Id and the context"] = Filed(Headers, Human("Réponse de l'équipe via notre groupe.",
            extraHeaders: "List-Id: <support-ecole.googlegroups.com>\nPrecedence: list")),
        ["Precedence list with the context"] = Filed(Headers, Human("Merci.", extraHeaders: "Precedence: list")),
        ["X-Loop of a forwarding rule"] = Filed(Headers, Human("Transféré par ma règle.", extraHeaders: "X-Loop: marie.durand@college-pasteur.example")),
        ["customer's In-Reply-To and a neutral subject"] = Filed(Headers, Human("Toujours en panne.", "Re: écran", extraHeaders: "In-Reply-To: <{ORIGID}>")),
        ["customer's Return-Path is normal"] = Filed(Headers, Human("Voici le numéro de série.", extraHeaders: "Return-Path: <{TO}>")),
        ["list footer and the context"] = Filed(Headers, Human("""
            Nous confirmons l'enlèvement jeudi.

            --
            Vous recevez ce message car vous êtes abonné au groupe « Support École ».
            """, extraHeaders: "List-Id: Support <support.ecole.example>")),
        ["iPhone reply in Latin-1"] = Filed(Headers, Human("Réponse envoyée de mon iPhone, pas de réponse automatique.", charset: "iso-8859-1")),
        ["Exchange mail from a customer with Exchange headers"] = Filed(Headers, Human("Bonne réception.",
            extraHeaders: "X-MS-Exchange-Organization-AuthAs: Internal\nX-MS-Has-Attach:\nThread-Topic: {SUBJ}")),
    };
}
