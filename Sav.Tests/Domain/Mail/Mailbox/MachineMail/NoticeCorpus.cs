using static Sav.Tests.Domain.Mail.Mailbox.MachineMail.Eml;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

/// <summary>Auto-replies (RFC 3834, Exchange, Gmail, Dovecot's vacation), provider notifications (SES through SNS) and
/// list or system notices (fml, Mailman, Sympa, challenge-response).</summary>
public static class NoticeCorpus
{
    private const string AutoReply = "auto-reply";
    private const string Provider = "provider notification";
    private const string List = "list or system notice";
    private const string Challenge = "challenge-response";

    private static string Oof(string extraHeaders, string subject, string body, string from = "Marie Durand <{TO}>")
    {
        var headers = $"""
            From: {from}
            To: {"{SAV}"}
            Subject: {subject}
            Date: Wed, 2 Dec 2026 10:01:00 +0100
            Message-ID: <oof-{Guid.NewGuid():N}@college-pasteur.example>
            In-Reply-To: <{"{ORIGID}"}>
            """;
        return Plain(extraHeaders.Length == 0 ? headers : headers + "\n" + extraHeaders, body, "utf-8");
    }

    private static string Sns(string message) => Plain($"""
        From: AWS Notifications <no-reply@sns.amazonaws.com>
        To: ses-bounces@sav.example.com
        Subject: AWS Notification Message
        Date: Wed, 2 Dec 2026 09:00:50 +0000
        Message-ID: <0100018c2a1b3c4d-{Guid.NewGuid()}-000000@email.amazonses.com>
        x-amz-sns-message-type: Notification
        """, message);

    public static readonly IReadOnlyDictionary<string, MachineCase> Cases = new Dictionary<string, MachineCase>
    {
        ["Exchange out of office, French"] = new(AutoReply, Oof("Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: {TO}",
            "Réponse automatique : {SUBJ}", "Bonjour,\nJe suis absente jusqu'au 7 décembre inclus. Pour toute urgence, contactez le secrétariat."), true),
        ["Exchange out of office, English"] = new(AutoReply, Oof("Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All",
            "Automatic reply: {SUBJ}", "I am out of the office until 7 December with limited access to email."), true),
        ["Outlook rule, Absence du bureau"] = new(AutoReply, Oof("X-MS-Exchange-Inbox-Rules-Loop: {TO}",
            "Absence du bureau : {SUBJ}", "Je suis absente du bureau."), true),
        ["Outlook OOF with only Suppress and the subject"] = new(AutoReply, Oof("X-Auto-Response-Suppress: All",
            "Out of Office: {SUBJ}", "Thank you for your message."), true),
        ["Exchange generated message source"] = new(AutoReply, Oof("X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent",
            "{SUBJ}", "Ce message a été transféré automatiquement."), true),
        ["Gmail vacation responder"] = new(AutoReply, Oof("Auto-Submitted: auto-replied\nPrecedence: bulk\nX-Autoreply: yes",
            "En congés", "Je suis en congés jusqu'au lundi 7 décembre."), true),
        ["Dovecot sieve vacation"] = new(AutoReply, Oof("Auto-Submitted: auto-replied (vacation)\nPrecedence: bulk",
            "Absent: {SUBJ}", "Je serai de retour le 7 décembre."), true),
        ["X-Autoreply only"] = new(AutoReply, Oof("X-Autoreply: yes", "{SUBJ}", "Merci pour votre message."), true),
        ["X-Autorespond only"] = new(AutoReply, Oof("X-Autorespond: {TO}", "{SUBJ}", "Message reçu."), true),
        ["Precedence junk"] = new(AutoReply, Oof("Precedence: junk", "{SUBJ}", "Votre message a bien été reçu."), true),
        ["Precedence auto_reply"] = new(AutoReply, Oof("Precedence: auto_reply", "Re: {SUBJ}", "Ceci est une réponse automatique."), true),
        ["Je suis absent, no header"] = new(AutoReply, Oof("", "Je suis absent", "Je suis absent jusqu'au 7 décembre.\nJe serai de retour le 8."), true),
        ["Out of office subject and text, no header"] = new(AutoReply, Oof("", "Out of office", "I am currently out of the office and will return on Monday."), true),
        ["German Abwesenheitsnotiz"] = new(AutoReply, Oof("Auto-Submitted: auto-replied", "Abwesenheitsnotiz: {SUBJ}", "Ich bin bis 7. Dezember nicht im Büro."), true),
        ["Italian risposta automatica"] = new(AutoReply, Oof("X-Auto-Response-Suppress: All", "Risposta automatica: {SUBJ}", "Sono fuori ufficio."), true),
        ["Spanish respuesta automática"] = new(AutoReply, Oof("Auto-Submitted: auto-replied", "Respuesta automática: {SUBJ}", "Estoy fuera de la oficina."), true),
        ["Dutch automatisch antwoord"] = new(AutoReply, Oof("X-Auto-Response-Suppress: All", "Automatisch antwoord: {SUBJ}", "Ik ben afwezig."), true),
        ["ticketing system acknowledgement"] = new(AutoReply, Oof("Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All", "[#48213] Demande reçue",
            "Votre demande a été enregistrée sous le numéro 48213.", "Support Distrib <support@distrib.example>"), true),
        ["auto-reply of a bounce address, Auto-Submitted auto-notified"] = new(AutoReply, Oof("Auto-Submitted: auto-notified", "Notification", "Notification."), true),
        ["réponse automatique with extended absence"] = new(AutoReply, Oof("Precedence: bulk", "Absence prolongée - {SUBJ}", "Absence prolongée."), true),
        ["OOF in HTML only"] = new(AutoReply, """
            From: Marie Durand <{TO}>
            To: {SAV}
            Subject: Réponse automatique : {SUBJ}
            Date: Wed, 2 Dec 2026 10:01:00 +0100
            X-Auto-Response-Suppress: All
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <html><body><p>Je suis absente jusqu'au 7 décembre.</p></body></html>
            """, true),
        ["Yahoo vacation"] = new(AutoReply, Oof("Auto-Submitted: auto-replied\nX-Autoreply: yes", "Auto Reply: {SUBJ}", "I'm away."), true),

        ["SES bounce through SNS"] = new(Provider, Sns("""
            {"Type":"Notification","MessageId":"5e6f7081-92a3","TopicArn":"arn:aws:sns:eu-west-1:123456789012:ses-bounces","Message":"{\"notificationType\":\"Bounce\",\"bounce\":{\"feedbackId\":\"0102018c-1\",\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"{TO}\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}],\"timestamp\":\"2026-12-02T09:00:49.000Z\"},\"mail\":{\"messageId\":\"0102018c-0\",\"source\":\"{SAV}\",\"destination\":[\"{TO}\"]}}"}
            """), true),
        ["SES bounce, raw message delivery"] = new(Provider, Sns("""
            {"notificationType":"Bounce","bounce":{"bounceType":"Transient","bounceSubType":"MailboxFull","bouncedRecipients":[{"emailAddress":"{TO}","status":"4.2.2","diagnosticCode":"smtp; 452 4.2.2 mailbox full"}]},"mail":{"source":"{SAV}","commonHeaders":{"messageId":"<{ORIGID}>","subject":"{SUBJ}"}}}
            """), true),
        ["SES complaint"] = new(Provider, Sns("""
            {"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"{TO}"}],"complaintFeedbackType":"abuse"},"mail":{"source":"{SAV}"}}
            """), true),
        ["SES event publishing bounce"] = new(Provider, Sns("""
            {
              "eventType": "Bounce",
              "bounce": { "bounceType": "Permanent", "bouncedRecipients": [ { "emailAddress": "{TO}" } ] },
              "mail": { "source": "{SAV}" }
            }
            """), true),
        ["SES delivery delay"] = new(Provider, Sns("""
            {"eventType":"DeliveryDelay","deliveryDelay":{"delayType":"MailboxFull","delayedRecipients":[{"emailAddress":"{TO}","status":"4.2.2"}]}}
            """), true),

        ["fml duplicated Message-ID"] = new(List, Plain("""
            From: clients-ml-admin@lists.distrib.example
            To: {SAV}
            Subject: {SUBJ}
            Date: Wed, 02 Dec 2026 09:00:55 +0900
            X-ML-Name: clients-ml
            """, """
            Duplicated Message-ID <{ORIGID}>.
            Original mail as follows:

            Message-ID: <{ORIGID}>
            From: Service après-vente <{SAV}>
            Subject: {SUBJ}
            """, "utf-8"), true),
        ["Mailman held for moderation"] = new(List, Plain("""
            From: clients-owner@lists.distrib.example
            To: {SAV}
            Subject: Your message to Clients awaits moderator approval
            Date: Wed, 02 Dec 2026 09:00:56 +0000
            X-Mailman-Version: 2.1.39
            Precedence: bulk
            """, """
            Your mail to 'Clients' with the subject

                {SUBJ}

            Is being held until the list moderator can review it for approval.
            """), true),
        ["Sympa rejected, not a member"] = new(List, Plain("""
            From: sympa@lists.distrib.example
            To: {SAV}
            Subject: Message rejected
            Date: Wed, 02 Dec 2026 09:00:57 +0000
            """, """
            Your message has been rejected: you are not allowed to post to this mailing list.
            """), true),
        ["list digest with List-Id"] = new(List, Plain("""
            From: Actualités Distrib <news@distrib.example>
            To: {SAV}
            Subject: Les nouveautés de décembre
            Date: Wed, 02 Dec 2026 09:00:58 +0000
            List-Id: Actualites <actualites.distrib.example>
            List-Unsubscribe: <mailto:unsubscribe@distrib.example>
            """, """
            Découvrez nos nouveaux écrans tactiles.
            """, "utf-8"), true),
        ["Precedence list without a context"] = new(List, Plain("""
            From: Forum utilisateurs <forum@distrib.example>
            To: {SAV}
            Subject: Nouveau sujet sur le forum
            Date: Wed, 02 Dec 2026 09:00:59 +0000
            Precedence: list
            """, """
            Un nouveau sujet a été ouvert.
            """, "utf-8"), true),
        ["newsletter, Precedence bulk"] = new(List, Plain("""
            From: Distrib <newsletter@distrib.example>
            To: {SAV}
            Subject: Promotions de fin d'année
            Date: Wed, 02 Dec 2026 09:01:00 +0000
            Precedence: bulk
            """, """
            -20 % sur les télécommandes.
            """, "utf-8"), true),
        ["Mailman bounce notice to the owner"] = new(List, Plain("""
            From: mailman-bounces@lists.distrib.example
            To: {SAV}
            Subject: Uncaught bounce notification
            Date: Wed, 02 Dec 2026 09:01:01 +0000
            X-Mailman-Version: 2.1.39
            """, """
            The attached message was received as a bounce, but either the bounce format was not recognized,
            or no member addresses could be extracted from it.
            """), true),
        ["list manager, only members can post"] = new(List, Plain("""
            From: listserv@lists.distrib.example
            To: {SAV}
            Subject: {SUBJ}
            Date: Wed, 02 Dec 2026 09:01:02 +0000
            """, """
            Your message has been rejected. Only members can post to this list.
            """), true),

        ["challenge-response, English"] = new(Challenge, Plain("""
            From: Marie Durand <{TO}>
            To: {SAV}
            Subject: Please confirm your message
            Date: Wed, 02 Dec 2026 09:01:03 +0000
            """, """
            I'm protecting myself from receiving junk mail.
            In order to deliver your message, please click the link below.
            """), true),
        ["challenge-response, French"] = new(Challenge, Plain("""
            From: Marie Durand <{TO}>
            To: {SAV}
            Subject: Vérification de l'expéditeur
            Date: Wed, 02 Dec 2026 09:01:04 +0000
            """, """
            Pour que votre message soit remis, merci de cliquer sur le lien ci-dessous.
            """, "utf-8"), true),
        ["challenge-response, Boxbe"] = new(Challenge, Plain("""
            From: Marie Durand <{TO}>
            To: {SAV}
            Subject: Re: {SUBJ}
            Date: Wed, 02 Dec 2026 09:01:05 +0000
            Auto-Submitted: auto-replied
            """, """
            Your message is waiting in my Boxbe Guest List. To deliver your message, please click the link.
            """), true),
        ["challenge-response, spam protection text"] = new(Challenge, Plain("""
            From: Protection <protect@antispam.example>
            To: {SAV}
            Subject: Verification required
            Date: Wed, 02 Dec 2026 09:01:06 +0000
            """, """
            This is an automated message from the anti-spam service of college-pasteur.example.
            To deliver your message, please confirm you are a person.
            """), true),
    };
}
