using static Sav.Tests.Domain.Mail.Mailbox.MachineMail.Eml;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

/// <summary>Delivery failures in plain text, with no report part: older Exim, qmail, DragonFly's dma, Domino, Yahoo,
/// appliances, and the servers of the neighbours' languages. The sender's address is often empty.</summary>
public static class PlainBounceCorpus
{
    public const string Shape = "plain-text bounce";

    internal const string Quoted = """

        --- Below this line is a copy of the message.

        Return-Path: <{SAV}>
        Message-ID: <{ORIGID}>
        From: Service après-vente <{SAV}>
        To: {TO}
        Subject: {SUBJ}

        Bonjour Marie Durand,
        Nous avons bien reçu votre demande.
        """;

    public static readonly IReadOnlyDictionary<string, MachineCase> Cases = new Dictionary<string, MachineCase>
    {
        ["DragonFly dma, MAILER-DAEMON <>"] = new(Shape, Plain("""
            From: MAILER-DAEMON <>
            To: {SAV}
            Subject: Mail delivery failed
            Message-Id: <6751a2b3.dma.1@mail.bsd.example>
            Date: Wed, 02 Dec 2026 09:00:20 +0000
            """, """
            This is the DragonFly Mail Agent at mail.bsd.example.

            There was an error delivering your mail to <{TO}>.

            mx.college-pasteur.example [203.0.113.25] did not like our RCPT TO:
            550 5.1.1 <{TO}>: Recipient address rejected: User unknown

            Original message follows.
            """ + Quoted), true),

        ["DragonFly dma, neutral subject"] = new(Shape, Plain("""
            From: MAILER-DAEMON <>
            To: {SAV}
            Subject: {SUBJ}
            Date: Wed, 02 Dec 2026 09:00:21 +0000
            """, """
            This is the DragonFly Mail Agent at mail.bsd.example.

            There was an error delivering your mail to <{TO}>.

            550 5.1.1 user unknown
            """ + Quoted), true),

        ["qmail failure notice"] = new(Shape, Plain("""
            From: MAILER-DAEMON@mail.isp.example
            To: {SAV}
            Subject: failure notice
            Date: 2 Dec 2026 09:00:22 -0000
            Message-ID: <20261202090022.12345.qmail@mail.isp.example>
            """, """
            Hi. This is the qmail-send program at mail.isp.example.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <{TO}>:
            203.0.113.25 does not like recipient.
            Remote host said: 550 5.1.1 <{TO}>... User unknown
            Giving up on 203.0.113.25.
            """ + Quoted), true),

        ["qmail failure notice without a sender address"] = new(Shape, Plain("""
            From: <>
            To: {SAV}
            Subject: failure notice
            Date: 2 Dec 2026 09:00:23 -0000
            """, """
            Hi. This is the qmail-send program at mx.isp.example.
            I'm afraid I wasn't able to deliver your message to the following addresses.

            <{TO}>:
            Sorry, no mailbox here by that name. (#5.1.1)
            """ + Quoted), true),

        ["older Exim, plain text"] = new(Shape, Plain("""
            From: Mail Delivery System <Mailer-Daemon@mail.oldhost.example>
            To: {SAV}
            Subject: Mail delivery failed: returning message to sender
            Date: Wed, 02 Dec 2026 09:00:24 +0000
            Message-Id: <E1tQ9Zx-0000AB-CD@mail.oldhost.example>
            """, """
            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              {TO}
                SMTP error from remote mail server after RCPT TO:<{TO}>:
                host mx.college-pasteur.example [203.0.113.25]: 550 5.1.1 unknown user

            ------ This is a copy of the message, including all the headers. ------
            """ + Quoted), true),

        ["Exim delay warning"] = new(Shape, Plain("""
            X-Failed-Recipients: {TO}
            From: Mail Delivery System <Mailer-Daemon@mail.oldhost.example>
            To: {SAV}
            Subject: Warning: message 1tQ9Zx-0000AB-CD delayed 24 hours
            Date: Thu, 03 Dec 2026 09:00:25 +0000
            """, """
            This message was created automatically by mail delivery software.
            A message that you sent has not yet been delivered to one or more of its
            recipients after more than 24 hours on the queue on mail.oldhost.example.

              {TO}
                Delay reason: SMTP error from remote mail server after RCPT TO:<{TO}>:
                451 4.3.0 Temporary lookup failure
            """ + Quoted), true),

        ["Sendmail plain text"] = new(Shape, Plain("""
            From: Mail Delivery Subsystem <MAILER-DAEMON@relay.old.example>
            To: {SAV}
            Subject: Returned mail: User unknown
            Date: Wed, 2 Dec 2026 10:00:26 +0100
            """, """
            The original message was received at Wed, 2 Dec 2026 10:00:20 +0100
            from mail.sav.example.com [198.51.100.7]

               ----- The following addresses had permanent fatal errors -----
            <{TO}>

               ----- Transcript of session follows -----
            550 5.1.1 <{TO}>... User unknown
            """ + Quoted), true),

        ["Postfix plain text (no DSN)"] = new(Shape, Plain("""
            From: Mail Delivery System <MAILER-DAEMON@mx.isp.example>
            To: {SAV}
            Subject: Undelivered Mail Returned to Sender
            Date: Wed, 02 Dec 2026 09:00:27 +0000
            """, """
            This is the mail system at host mx.isp.example.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients.

            <{TO}>: host mx.college-pasteur.example[203.0.113.25] said: 552 5.2.2
                Mailbox full (in reply to RCPT TO command)
            """ + Quoted), true),

        ["Yahoo failure notice"] = new(Shape, Plain("""
            From: MAILER-DAEMON@yahoo.com
            To: {SAV}
            Subject: Failure Notice
            Date: Wed, 2 Dec 2026 09:00:28 +0000
            """, """
            Sorry, we were unable to deliver your message to the following address.

            <{TO}>:
            554: delivery error: dd This user doesn't have a yahoo.com account ({TO}) [0] - mta1234.mail.ne1.yahoo.com
            """ + Quoted), true),

        ["Domino plain text"] = new(Shape, Plain("""
            From: Mail Router <Postmaster@notes.distrib.example>
            To: {SAV}
            Subject: DELIVERY FAILURE: Recipient's Domino Directory entry does not specify a valid Notes mail file
            Date: Wed, 2 Dec 2026 10:00:29 +0100
            """, """
            Your message

              Subject: {SUBJ}

            was not delivered to:

              {TO}

            because:

              Recipient's Domino Directory entry does not specify a valid Notes mail file
            """), true),

        ["Outlook.com undeliverable, plain"] = new(Shape, Plain("""
            From: postmaster@outlook.com
            To: {SAV}
            Subject: Undeliverable: {SUBJ}
            Date: Wed, 2 Dec 2026 09:00:30 +0000
            X-MS-Exchange-Message-Is-Ndr:
            """, """
            Delivery has failed to these recipients or groups:

            {TO}
            The email address you entered couldn't be found.

            Diagnostic information for administrators:
            Remote Server returned '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302).'
            """), true),

        ["Exchange 2003 French, plain"] = new(Shape, Plain("""
            From: Administrateur système <postmaster@old-exchange.example>
            To: {SAV}
            Subject: Non remis : {SUBJ}
            Date: Wed, 2 Dec 2026 10:00:31 +0100
            """, """
            Votre message n'a pas pu être remis à un ou plusieurs destinataires.

                  Objet :	{SUBJ}
                  Envoyé le :	02/12/2026 10:00

            Impossible de joindre le ou les destinataires suivants :

                  {TO} le 02/12/2026 10:00
                        550 5.1.1 L'adresse de messagerie est introuvable.
            """, "utf-8"), true),
    };
}
