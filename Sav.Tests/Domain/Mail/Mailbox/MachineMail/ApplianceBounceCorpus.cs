using static Sav.Tests.Domain.Mail.Mailbox.MachineMail.Eml;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

/// <summary>Plain-text delivery failures from filtering appliances, the neighbours' languages, and bounces known
/// only by their null sender or a header: the second half of <see cref="PlainBounceCorpus"/>.</summary>
public static class ApplianceBounceCorpus
{
    public const string Shape = PlainBounceCorpus.Shape;

    public static readonly IReadOnlyDictionary<string, MachineCase> Cases = new Dictionary<string, MachineCase>
    {
        ["Échec de la remise, appliance"] = new(Shape, Plain("""
            From: Passerelle de messagerie <postmaster@gw.distrib.example>
            To: {SAV}
            Subject: Échec de la remise du message
            Date: Wed, 2 Dec 2026 10:00:32 +0100
            """, """
            Ce message a été généré automatiquement par le système de messagerie.

            Le message n'a pas pu être remis au destinataire suivant : {TO}
            Raison : 550 5.1.1 Utilisateur inconnu
            """, "utf-8"), true),

        ["Barracuda appliance"] = new(Shape, Plain("""
            From: Barracuda <postmaster@barracuda.distrib.example>
            To: {SAV}
            Subject: Message delivery failure
            Date: Wed, 2 Dec 2026 09:00:33 +0000
            """, """
            Your message could not be delivered to the following recipients:

            {TO} (reason: 550 5.7.1 Recipient address rejected: Access denied)
            """), true),

        ["Mimecast appliance"] = new(Shape, Plain("""
            From: Mimecast <postmaster@eu.mimecast.example>
            To: {SAV}
            Subject: Failed delivery: {SUBJ}
            Date: Wed, 2 Dec 2026 09:00:34 +0000
            """, """
            Your message couldn't be delivered

            The following message to <{TO}> was undeliverable.
            The reason for the problem:
            5.4.1 - Recipient address rejected: Access denied
            """), true),

        ["Sophos appliance"] = new(Shape, Plain("""
            From: MAILER-DAEMON@sophos.distrib.example
            To: {SAV}
            Subject: Mail System Error - Returned Mail
            Date: Wed, 2 Dec 2026 09:00:35 +0000
            """, """
            This message was undeliverable due to the following reason:

            Your message was not delivered because the destination computer was
            not reachable within the allowed queue period.
            4.4.7 Delivery time expired
            """), true),

        ["German Exchange, Unzustellbar"] = new(Shape, Plain("""
            From: Microsoft Outlook <postmaster@handel.example.de>
            To: {SAV}
            Subject: Unzustellbar: {SUBJ}
            Date: Wed, 2 Dec 2026 10:00:36 +0100
            """, """
            Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:

            {TO}
            Remote Server returned '550 5.1.1 User unknown'
            """, "utf-8"), true),

        ["Italian, Non recapitabile"] = new(Shape, Plain("""
            From: Sistema di posta <postmaster@negozio.example.it>
            To: {SAV}
            Subject: Non recapitabile: {SUBJ}
            Date: Wed, 2 Dec 2026 10:00:37 +0100
            """, """
            Impossibile recapitare il messaggio ai seguenti destinatari:

            {TO}
            550 5.1.1 utente sconosciuto
            """, "utf-8"), true),

        ["Spanish, No se puede entregar"] = new(Shape, Plain("""
            From: MAILER-DAEMON <>
            To: {SAV}
            Subject: No se puede entregar: {SUBJ}
            Date: Wed, 2 Dec 2026 10:00:38 +0100
            """, """
            No se pudo entregar el mensaje a los siguientes destinatarios:

            {TO}
            550 5.1.1 usuario desconocido
            """, "utf-8"), true),

        ["null sender, status lines in the text"] = new(Shape, Plain("""
            From: <>
            To: {SAV}
            Subject: {SUBJ}
            Date: Wed, 02 Dec 2026 09:00:39 +0000
            """, """
            Delivery report

            Final-Recipient: rfc822; {TO}
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 user unknown
            """), true),

        ["Return-Path <> only"] = new(Shape, Plain("""
            Return-Path: <>
            From: Relay <relay@mail.example.net>
            To: {SAV}
            Subject: {SUBJ}
            Date: Wed, 02 Dec 2026 09:00:40 +0000
            """, """
            Message could not be delivered. The following address failed: {TO}
            """), true),

        ["X-Failed-Recipients only"] = new(Shape, Plain("""
            X-Failed-Recipients: {TO}
            From: Relay <relay@mail.example.net>
            To: {SAV}
            Subject: {SUBJ}
            Date: Wed, 02 Dec 2026 09:00:41 +0000
            """, """
            {TO}: 550 5.1.1 mailbox unavailable
            """), true),

        ["MAILER-DAEMON in the display name only"] = new(Shape, Plain("""
            From: "MAILER-DAEMON" <noreply@mx.isp.example>
            To: {SAV}
            Subject: Undelivered Mail Returned to Sender
            Date: Wed, 02 Dec 2026 09:00:42 +0000
            """, """
            Delivery to the following recipient failed permanently:

                 {TO}
            """), true),

        ["postmaster sends a plain bounce in French"] = new(Shape, Plain("""
            From: postmaster@mail.lycee.example
            To: {SAV}
            Subject: Message non remis
            Date: Wed, 02 Dec 2026 10:00:43 +0100
            """, """
            Votre message n'a pas pu être délivré à {TO}.
            Raison : 550 5.1.1 boîte aux lettres inconnue
            """, "utf-8"), true),

        ["Exim in French"] = new(Shape, Plain("""
            From: Système de distribution du courrier <Mailer-Daemon@mail.hebergeur.example>
            To: {SAV}
            Subject: Échec de la distribution du courrier : renvoi du message à l'expéditeur
            Date: Wed, 02 Dec 2026 10:00:44 +0100
            """, """
            Ce message a été créé automatiquement par le logiciel de distribution du courrier.

            Un message que vous avez envoyé n'a pu être remis à un ou plusieurs destinataires :

              {TO}
                550 5.1.1 adresse inconnue
            """ + PlainBounceCorpus.Quoted, "utf-8"), true),

        ["double bounce, the original nested twice"] = new(Shape, Dsn("""
            From: MAILER-DAEMON@mx.isp.example (Mail Delivery System)
            To: postmaster@sav.example.com
            Subject: Undelivered Mail Returned to Sender
            Date: Wed, 02 Dec 2026 09:00:45 +0000
            """, """
            This is the mail system at host mx.isp.example.

            <{TO}>: host mx.college-pasteur.example said: 550 5.1.1 User unknown
            """, Status("mx.isp.example", "5.1.1", "550 5.1.1 User unknown"), originalType: "message/rfc822"), true),

        ["Office 365 NDR, HTML only, nested original"] = new(Shape, """
            From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@college-pasteur.example>
            To: {SAV}
            Subject: Undeliverable: {SUBJ}
            Date: Wed, 2 Dec 2026 09:00:46 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="ndr"

            --ndr
            Content-Type: text/html; charset=utf-8

            <html><body><p><b>Your message to {TO} couldn't be delivered.</b></p><p>marie.durand wasn't found at college-pasteur.example.</p>
            <p>Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'</p></body></html>
            --ndr
            Content-Type: message/rfc822

            Message-ID: <{ORIGID}>
            From: {SAV}
            To: {TO}
            Subject: {SUBJ}

            Bonjour.
            --ndr--
            """, true),
    };
}
