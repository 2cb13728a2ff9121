using static Sav.Tests.Domain.Mail.Mailbox.MachineMail.Eml;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

/// <summary>Delivery status notifications (RFC 3464, RFC 6533) as Postfix, Sendmail, Exim, Exchange, Gmail, Courier,
/// Domino and the providers write them.</summary>
public static class DsnCorpus
{
    public const string Shape = "DSN (multipart/report)";

    public static readonly IReadOnlyDictionary<string, MachineCase> Cases = new Dictionary<string, MachineCase>
    {
        ["Postfix DSN, user unknown"] = new(Shape, Dsn("""
            Return-Path: <>
            Date: Wed, 02 Dec 2026 09:00:03 +0000 (UTC)
            From: MAILER-DAEMON@mail.sav.example.com (Mail Delivery System)
            Subject: Undelivered Mail Returned to Sender
            To: {SAV}
            Auto-Submitted: auto-replied
            Message-Id: <20261202090003.4F2A31C0@mail.sav.example.com>
            """, """
            This is the mail system at host mail.sav.example.com.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            For further assistance, please send mail to postmaster.

                               The mail system

            <{TO}>: host mx.college-pasteur.example[203.0.113.25] said: 550 5.1.1
                <{TO}>: Recipient address rejected: User unknown in virtual mailbox
                table (in reply to RCPT TO command)
            """, Status("mail.sav.example.com", "5.1.1", "550 5.1.1 <{TO}>: Recipient address rejected: User unknown in virtual mailbox table")), true),

        ["Postfix DSN, delayed"] = new(Shape, Dsn("""
            Date: Wed, 02 Dec 2026 13:00:03 +0000 (UTC)
            From: MAILER-DAEMON@mail.sav.example.com (Mail Delivery System)
            Subject: Delayed Mail (still being retried)
            To: {SAV}
            Message-Id: <20261202130003.77A1@mail.sav.example.com>
            """, """
            This is the mail system at host mail.sav.example.com.

            ####################################################################
            # THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
            ####################################################################

            Your message could not be delivered for more than 4 hour(s).
            It will be retried until it is 5 day(s) old.

            <{TO}>: connect to mx.college-pasteur.example[203.0.113.25]:25: Connection timed out
            """, Status("mail.sav.example.com", "4.4.1", "450 4.4.1 connect to mx.college-pasteur.example: Connection timed out", "delayed")), true),

        ["Sendmail DSN"] = new(Shape, Dsn("""
            Date: Wed, 2 Dec 2026 10:00:04 +0100
            From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>
            Message-Id: <202612020900.2B9004a1@relay.example.org>
            To: <{SAV}>
            Subject: Returned mail: see transcript for details
            Auto-Submitted: auto-generated (failure)
            """, """
            The original message was received at Wed, 2 Dec 2026 10:00:01 +0100
            from mail.sav.example.com [198.51.100.7]

               ----- The following addresses had permanent fatal errors -----
            <{TO}>
                (reason: 550 5.1.1 <{TO}>... User unknown)

               ----- Transcript of session follows -----
            ... while talking to mx.college-pasteur.example.:
            >>> RCPT To:<{TO}>
            <<< 550 5.1.1 <{TO}>... User unknown
            550 5.1.1 <{TO}>... User unknown
            """, Status("relay.example.org", "5.1.1", "550 5.1.1 <{TO}>... User unknown")), true),

        ["Exim DSN with X-Failed-Recipients"] = new(Shape, Dsn("""
            X-Failed-Recipients: {TO}
            Auto-Submitted: auto-replied
            From: Mail Delivery System <Mailer-Daemon@mx1.hosting.example>
            To: {SAV}
            Subject: Mail delivery failed: returning message to sender
            Message-Id: <E1tQ9Zx-0004Jk-2a@mx1.hosting.example>
            Date: Wed, 02 Dec 2026 09:00:05 +0000
            """, """
            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              {TO}
                host mx.college-pasteur.example [203.0.113.25]
                SMTP error from remote mail server after RCPT TO:<{TO}>:
                550 5.2.2 Mailbox full
            """, Status("mx1.hosting.example", "5.2.2", "550 5.2.2 Mailbox full")), true),

        ["Gmail DSN, address not found"] = new(Shape, Dsn("""
            Date: Wed, 02 Dec 2026 01:00:06 -0800 (PST)
            From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
            To: {SAV}
            Auto-Submitted: auto-replied
            Subject: Delivery Status Notification (Failure)
            Message-ID: <6751a2b3.050a0220.1c2d3e.0001.GMR@mx.google.com>
            """, """
            ** Address not found **

            Your message wasn't delivered to {TO} because the address couldn't be found, or is unable to receive mail.

            Learn more here: https://support.google.com/mail/?p=NoSuchUser

            The response from the remote server was:
            550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.
            """, Status("googlemail.com", "5.1.1", "550-5.1.1 The email account that you tried to reach does not exist.")), true),

        ["Gmail DSN in French"] = new(Shape, Dsn("""
            Date: Wed, 02 Dec 2026 01:00:07 -0800 (PST)
            From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
            To: {SAV}
            Subject: Delivery Status Notification (Failure)
            Message-ID: <6751a2b3.050a0220.1c2d3e.0002.GMR@mx.google.com>
            """, """
            ** Adresse introuvable **

            Votre message n'a pas été distribué à {TO}, car l'adresse est introuvable ou ne peut pas recevoir de messages.

            La réponse du serveur distant était :
            550 5.1.1 The email account that you tried to reach does not exist.
            """, Status("googlemail.com", "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist."), humanType: "text/plain; charset=utf-8"), true),

        ["Office 365 NDR"] = new(Shape, Dsn("""
            From: Microsoft Outlook <postmaster@collegepasteur.onmicrosoft.com>
            To: <{SAV}>
            Date: Wed, 2 Dec 2026 09:00:08 +0000
            Subject: Undeliverable: {SUBJ}
            Message-ID: <5c1a9d2e-7f0b-4c3e-9a61-0c2b3d4e5f60@DB8PR01MB1234.eurprd01.prod.exchangelabs.com>
            X-MS-Exchange-Message-Is-Ndr:
            Auto-Submitted: auto-replied
            """, """
            Your message to {TO} couldn't be delivered.
            marie.durand wasn't found at college-pasteur.example.

            Diagnostic information for administrators:
            Generating server: DB8PR01MB1234.eurprd01.prod.exchangelabs.com
            {TO}
            Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
            """, Status("DB8PR01MB1234.eurprd01.prod.exchangelabs.com", "5.1.10", "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
            originalType: "message/rfc822"), true),

        ["Exchange NDR in French"] = new(Shape, Dsn("""
            From: Administrateur système <postmaster@college-pasteur.example>
            To: {SAV}
            Date: Wed, 2 Dec 2026 10:00:09 +0100
            Subject: =?utf-8?Q?Non_remis=C2=A0:_Ticket_N=C2=B0_?= {CTX}# - Ecran
            Message-ID: <a0b1c2d3e4@EXCH01.college-pasteur.example>
            """, """
            La remise a échoué pour les destinataires ou groupes suivants :

            {TO}
            L'adresse de messagerie que vous avez entrée est introuvable.

            Informations de diagnostic pour les administrateurs :
            Serveur de génération : EXCH01.college-pasteur.example
            Le serveur distant a retourné '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'
            """, Status("EXCH01.college-pasteur.example", "5.1.1", "smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"), humanType: "text/plain; charset=utf-8"), true),

        ["Courier DSN"] = new(Shape, Dsn("""
            From: Courier mail server at mail.hosting.example <@>
            To: {SAV}
            Subject: NOTICE: mail delivery status.
            Date: Wed, 02 Dec 2026 09:00:10 +0000
            Message-ID: <courier.67518F0A.00001A2B@mail.hosting.example>
            """, """
            This is a delivery status notification from mail.hosting.example,
            running the Courier mail server, version 1.3.13.

            The original message was received on Wed, 02 Dec 2026 09:00:09 +0000
            from mail.sav.example.com [198.51.100.7]

            ---------------------------------------------------------------------------

                                    UNDELIVERABLE MAIL

            Your message to the following recipients cannot be delivered:

            <{TO}>:
                mx.college-pasteur.example [203.0.113.25]:
            >>> RCPT TO:<{TO}>
            <<< 550 5.1.1 No such user
            """, Status("mail.hosting.example", "5.1.1", "550 5.1.1 No such user")), true),

        ["global delivery status (SMTPUTF8)"] = new(Shape, Dsn("""
            From: MAILER-DAEMON@mail.sav.example.com (Mail Delivery System)
            To: {SAV}
            Subject: Undelivered Mail Returned to Sender
            Date: Wed, 02 Dec 2026 09:00:11 +0000
            Message-Id: <20261202090011.8C7D@mail.sav.example.com>
            """, """
            This is the mail system at host mail.sav.example.com.

            <{TO}>: host mx.école.example said: 553 5.1.3 invalid address
            """, Status("mail.sav.example.com", "5.1.3", "553 5.1.3 invalid address"), statusType: "message/global-delivery-status",
            originalType: "message/global-headers"), true),

        ["Domino DSN"] = new(Shape, Dsn("""
            From: Postmaster@notes.distrib.example
            To: {SAV}
            Subject: DELIVERY FAILURE: User marie durand ({TO}) not listed in Domino Directory
            Date: Wed, 2 Dec 2026 10:00:12 +0100
            Message-ID: <OF1A2B3C4D.5E6F7081-ONC1258A@notes.distrib.example>
            """, """
            Your message

              Subject: {SUBJ}

            was not delivered to:

              {TO}

            because:

              User marie durand ({TO}) not listed in Domino Directory
            """, Status("notes.distrib.example", "5.0.0", "550 5.0.0 User not listed in Domino Directory")), true),

        ["DSN without telltale subject nor sender"] = new(Shape, Dsn("""
            From: Notifications <notify@relay.example.net>
            To: {SAV}
            Subject: Message status
            Date: Wed, 02 Dec 2026 09:00:13 +0000
            Message-ID: <n-1234@relay.example.net>
            """, """
            Message status for your mail.
            """, Status("relay.example.net", "5.7.1", "550 5.7.1 Message rejected as spam by Content Filtering")), true),

        ["feedback loop report (ARF)"] = new("provider notification", Dsn("""
            From: staff@hotmail.com
            To: fbl@sav.example.com
            Subject: complaint about message from 198.51.100.7
            Date: Wed, 02 Dec 2026 09:00:14 +0000
            Message-ID: <arf-20261202-1@hotmail.com>
            """, """
            This is an email abuse report for an email message received from IP 198.51.100.7 on Wed, 02 Dec 2026 09:00:00 +0000.
            """, """
            Feedback-Type: abuse
            User-Agent: SomeGenerator/1.0
            Version: 1
            Original-Mail-From: <{SAV}>
            Arrival-Date: Wed, 02 Dec 2026 09:00:00 +0000
            Reported-Domain: sav.example.com
            Source-IP: 198.51.100.7
            """, statusType: "message/feedback-report", originalType: "message/rfc822", reportType: "feedback-report"), true),

        ["Yahoo feedback loop (ARF)"] = new("provider notification", Dsn("""
            From: feedback@arf.mail.yahoo.com
            To: fbl@sav.example.com
            Subject: FW: {SUBJ}
            Date: Wed, 02 Dec 2026 09:00:15 +0000
            Message-ID: <yahoo-arf-42@arf.mail.yahoo.com>
            """, """
            This is an email abuse report for an email message from sav.example.com.
            """, """
            Feedback-Type: abuse
            User-Agent: Yahoo!-Mail-Feedback/2.0
            Version: 0.1
            Original-Mail-From: <{SAV}>
            Original-Rcpt-To: <{TO}>
            """, statusType: "message/feedback-report", originalType: "message/rfc822", reportType: "feedback-report"), true),

        ["read receipt (MDN)"] = new("auto-reply", Dsn("""
            From: Marie Durand <{TO}>
            To: {SAV}
            Subject: Lu : {SUBJ}
            Date: Wed, 2 Dec 2026 10:05:00 +0100
            Message-ID: <mdn-77@college-pasteur.example>
            """, """
            Votre message a été lu le mercredi 2 décembre 2026 10:05:00.
            """, """
            Reporting-UA: college-pasteur.example; Microsoft Outlook 16.0
            Final-Recipient: rfc822;{TO}
            Original-Message-ID: <{ORIGID}>
            Disposition: manual-action/MDN-sent-manually; displayed
            """, statusType: "message/disposition-notification", reportType: "disposition-notification", humanType: "text/plain; charset=utf-8"), true),
    };
}
