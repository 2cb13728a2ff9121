using System.Text;
using MimeKit;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>One message of the corpus and what the sweep must make of it.</summary>
public sealed record CorpusCase(
    Func<SweepHarness, byte[]> Build,
    InboundOutcome Outcome,
    string[]? Documents = null,
    string? TextContains = null,
    string[]? TextExcludes = null);

/// <summary>The messages customers' mailers, auto-responders and mail servers really send.</summary>
public static class Corpus
{
    private static string Subject(SweepHarness h) => $"RE: Ticket N° {h.Context}# - Écran ne s'allume plus";

    private static byte[] Reply(SweepHarness h, string text, params MimeEntity[] attachments) =>
        Mime.Bytes(Mime.Reply(Subject(h), text, attachments));

    private static byte[] With(MimeMessage message, Action<MimeMessage> change)
    {
        change(message);
        return Mime.Bytes(message);
    }

    private const string Quoted = """
        Voici les photos demandées.

        Le lun. 2 nov. 2026 à 09:00, Service après-vente <sav@example.com> a écrit :
        > Bonjour Marie Durand,
        > Nous avons bien reçu votre demande.
        """;

    public static readonly IReadOnlyDictionary<string, CorpusCase> Cases = new Dictionary<string, CorpusCase>
    {
        ["reply without the quoted history"] = new(h => Reply(h, Quoted), InboundOutcome.Filed,
            TextContains: "Voici les photos demandées.", TextExcludes: ["a écrit", "Nous avons bien reçu"]),
        ["context behind many prefixes"] = new(h => Mime.Bytes(Mime.Reply($"TR: RE: Fwd: AW: [EXT] Re:Ticket N° {h.Context}# - Écran", "Transféré à mon collègue.")),
            InboundOutcome.Filed, TextContains: "Transféré"),
        ["context in lower case in the middle of the subject"] = new(h => Mime.Bytes(Mime.Reply($"suite dossier {h.Context.ToLowerInvariant()} merci", "Bonjour")),
            InboundOutcome.Filed),
        ["In-Reply-To a mail Sav sent"] = new(h => With(Mime.Reply("Re: mon écran", "Il clignote encore."), m => m.InReplyTo = h.SentMessageId),
            InboundOutcome.Filed, TextContains: "clignote"),
        ["References a mail Sav sent"] = new(h => With(Mime.Reply("Re: mon écran", "Toujours en panne."), m =>
            {
                m.References.Add("<older@elsewhere.example>");
                m.References.Add(h.SentMessageId);
            }), InboundOutcome.Filed),
        ["forged control"] = new(h => Mime.Bytes(Mime.Reply($"RE: Ticket N° {h.Ticket.Code}#ABCDE# - Écran", "Bonjour")), InboundOutcome.Unmatched),
        ["well-signed context of an unknown ticket"] = new(h => Mime.Bytes(Mime.Reply($"RE: Ticket N° {h.Services.Contexts.For("ZZZZ9")}#", "Bonjour")),
            InboundOutcome.Unmatched),
        ["no context at all"] = new(_ => Mime.Bytes(Mime.Reply("Question sur votre produit", "Bonjour")), InboundOutcome.Unmatched),
        ["photos and a video"] = new(h => Reply(h, "Ci-joint.", Mime.File("face.jpg", "image/jpeg", 120_000), Mime.File("dos.jpg", "image/jpeg", 90_000),
            Mime.File("démarrage.mp4", "video/mp4", 400_000)), InboundOutcome.Filed, ["face.jpg", "dos.jpg", "démarrage.mp4"]),
        ["signature logo and tracking pixel are not documents"] = new(h =>
            {
                var message = Mime.Reply(Subject(h), "");
                var related = new MultipartRelated
                {
                    new TextPart("html") { Text = "<p>Photo ci-jointe</p><img src=\"cid:logo@sig\"><img src=\"cid:px@t\">" },
                    Mime.File("image001.png", "image/png", 6_000, inline: true, contentId: "logo@sig"),
                    Mime.File("pixel.gif", "image/gif", 43, inline: true, contentId: "px@t"),
                };
                message.Body = new Multipart("mixed") { related, Mime.File("panne.jpg", "image/jpeg", 200_000) };
                return Mime.Bytes(message);
            }, InboundOutcome.Filed, ["panne.jpg"], TextContains: "Photo ci-jointe"),
        ["a photo pasted inline is a document"] = new(h => Reply(h, "Voir photo", Mime.File("IMG_0001.jpg", "image/jpeg", 300_000, inline: true, contentId: "p@x")),
            InboundOutcome.Filed, ["IMG_0001.jpg"]),
        ["forwarded message/rfc822 yields its attachments"] = new(h =>
            {
                var inner = Mime.Reply("Facture", "La facture", Mime.File("facture.pdf", "application/pdf", 30_000));
                return Reply(h, "Je vous transfère la facture.", new MessagePart { Message = inner });
            }, InboundOutcome.Filed, ["facture.pdf"], TextContains: "transfère", TextExcludes: ["La facture"]),
        ["an attached .eml file yields its attachments"] = new(h =>
            {
                var inner = Mime.Reply("Bon de livraison", "BL", Mime.File("bl.pdf", "application/pdf", 20_000));
                return Reply(h, "Ci-joint le mail du transporteur.", Mime.File("transporteur.eml", "application/octet-stream", Mime.Bytes(inner)));
            }, InboundOutcome.Filed, ["bl.pdf"]),
        ["TNEF winmail.dat"] = new(h => Reply(h, "Envoyé depuis Outlook",
            Mime.File("winmail.dat", "application/ms-tnef", Mime.Tnef("schema.pdf", Encoding.ASCII.GetBytes(new string('%', 5000))))),
            InboundOutcome.Filed, ["schema.pdf"]),
        ["uuencoded file in the body"] = new(h => Reply(h, "Voici le journal\n" + Mime.Uuencode("journal.log", Encoding.ASCII.GetBytes(new string('x', 3000)))),
            InboundOutcome.Filed, ["journal.log"], TextContains: "Voici le journal", TextExcludes: ["begin 644"]),
        ["RFC 2231 file name"] = new(h => Mime.Raw($"""
            From: Marie Durand <{Mime.Customer}>
            Subject: {Subject(h)}
            Message-ID: <rfc2231@customer.example>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Le relevé.
            --b1
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=utf-8''relev%C3%A9%20%C3%A9t%C3%A9.pdf
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(new byte[4000])}
            --b1--
            """), InboundOutcome.Filed, ["relevé été.pdf"]),
        ["RFC 2047 file name"] = new(h => Mime.Raw($"""
            From: Marie Durand <{Mime.Customer}>
            Subject: {Subject(h)}
            Message-ID: <rfc2047@customer.example>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Photo.
            --b1
            Content-Type: image/jpeg; name="=?ISO-8859-1?Q?cl=E9_USB.jpg?="
            Content-Disposition: attachment; filename="=?ISO-8859-1?Q?cl=E9_USB.jpg?="
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(new byte[4000])}
            --b1--
            """), InboundOutcome.Filed, ["clé USB.jpg"]),
        ["unknown charset"] = new(h => Mime.Raw($"""
            From: {Mime.Customer}
            Subject: {Subject(h)}
            Message-ID: <charset-unknown@customer.example>
            Content-Type: text/plain; charset=x-mystery

            L'écran reste éteint.
            """), InboundOutcome.Filed, TextContains: "L'écran reste éteint."),
        ["wrong charset declared"] = new(h => Mime.Raw($"""
            From: {Mime.Customer}
            Subject: {Subject(h)}
            Message-ID: <charset-wrong@customer.example>
            Content-Type: text/plain; charset=us-ascii
            Content-Transfer-Encoding: 8bit

            Réponse accentuée.
            """), InboundOutcome.Filed, TextContains: "Réponse accentuée."),
        ["missing charset, Latin-1 body and 8-bit headers"] = new(h => Mime.Raw($"""
            From: Hélène Martin <{Mime.Customer}>
            Subject: {Subject(h)} été
            Message-ID: <latin1@customer.example>
            Content-Type: text/plain
            Content-Transfer-Encoding: 8bit

            Problème résolu à moitié.
            """, Encoding.Latin1), InboundOutcome.Filed, TextContains: "Problème résolu à moitié."),
        ["deeply nested multiparts"] = new(h =>
            {
                MimeEntity body = new TextPart("plain") { Text = "Tout au fond." };
                for (var i = 0; i < 300; i++) body = new Multipart("mixed") { body };
                var message = Mime.Reply(Subject(h), "");
                message.Body = body;
                return Mime.Bytes(message);
            }, InboundOutcome.Filed),
        ["huge HTML"] = new(h =>
            {
                var message = Mime.Reply(Subject(h), "");
                var html = new StringBuilder("<html><body><p>Début</p>");
                for (var i = 0; i < 60_000; i++) html.Append("<div><span style=\"color:red\">bla bla bla</span></div>");
                message.Body = new TextPart("html") { Text = html.Append("</body></html>").ToString() };
                return Mime.Bytes(message);
            }, InboundOutcome.Filed, TextContains: "Début"),
        ["HTML reply with a Gmail quote"] = new(h =>
            {
                var message = Mime.Reply(Subject(h), "");
                message.Body = new TextPart("html")
                {
                    Text = "<div dir=\"ltr\">Merci, c'est réparé&nbsp;!</div><br><div class=\"gmail_quote\"><div>Le lun. 2 nov. a écrit :</div><blockquote>Ancien message</blockquote></div>",
                };
                return Mime.Bytes(message);
            }, InboundOutcome.Filed, TextContains: "Merci, c'est réparé", TextExcludes: ["Ancien message"]),
        ["Outlook header block and signature"] = new(h => Reply(h, """
            Le numéro de série est SN-1234.

            --
            Marie Durand
            Collège Pasteur

            De : Service après-vente <sav@example.com>
            Envoyé : lundi 2 novembre 2026 09:00
            Objet : Ticket
            """), InboundOutcome.Filed, TextContains: "SN-1234", TextExcludes: ["Collège Pasteur", "Envoyé"]),
        ["without Message-ID"] = new(h => Mime.Raw($"""
            From: {Mime.Customer}
            Subject: {Subject(h)}
            Content-Type: text/plain; charset=utf-8

            Sans identifiant.
            """), InboundOutcome.Filed, TextContains: "Sans identifiant."),
        ["Auto-Submitted: no is a person"] = new(h => With(Mime.Reply(Subject(h), "Écrit à la main"), m => m.Headers.Add("Auto-Submitted", "no")),
            InboundOutcome.Filed),
        ["out of office (Auto-Submitted)"] = new(h => With(Mime.Reply($"Absence : {Subject(h)}", "Je suis absente."), m => m.Headers.Add("Auto-Submitted", "auto-replied")),
            InboundOutcome.IgnoredAutoReply),
        ["X-Autoreply"] = new(h => With(Mime.Reply(Subject(h), "Absent"), m => m.Headers.Add("X-Autoreply", "yes")), InboundOutcome.IgnoredAutoReply),
        ["X-Autorespond"] = new(h => With(Mime.Reply(Subject(h), "Absent"), m => m.Headers.Add("X-Autorespond", "Out of office")), InboundOutcome.IgnoredAutoReply),
        ["Precedence bulk"] = new(h => With(Mime.Reply(Subject(h), "Newsletter"), m => m.Headers.Add("Precedence", "bulk")), InboundOutcome.IgnoredAutoReply),
        ["Precedence junk"] = new(h => With(Mime.Reply(Subject(h), "Junk"), m => m.Headers.Add("Precedence", "junk")), InboundOutcome.IgnoredAutoReply),
        ["Precedence auto_reply"] = new(h => With(Mime.Reply(Subject(h), "Absent"), m => m.Headers.Add("Precedence", "auto_reply")), InboundOutcome.IgnoredAutoReply),
        ["delivery status notification"] = new(h =>
            {
                var message = Mime.Reply($"Undelivered Mail Returned to Sender: {Subject(h)}", "");
                message.From.Clear();
                message.From.Add(new MailboxAddress("Mail Delivery System", "bounces@relay.example"));
                message.Body = new MultipartReport("delivery-status")
                {
                    new TextPart("plain") { Text = "Delivery failed." },
                    new MimePart("message", "delivery-status") { Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes("Status: 5.1.1\r\n"))) },
                };
                return Mime.Bytes(message);
            }, InboundOutcome.IgnoredAutoReply),
        ["empty Return-Path"] = new(h => With(Mime.Reply(Subject(h), "Bounce"), m => m.Headers.Add("Return-Path", "<>")), InboundOutcome.IgnoredAutoReply),
        ["from MAILER-DAEMON"] = new(h => With(Mime.Reply(Subject(h), "Failure"), m =>
            {
                m.From.Clear();
                m.From.Add(new MailboxAddress("Mail Delivery Subsystem", "MAILER-DAEMON@relay.example"));
            }), InboundOutcome.IgnoredAutoReply),
        ["from postmaster"] = new(h => With(Mime.Reply("Returned mail: see transcript for details", "Failure"), m =>
            {
                m.From.Clear();
                m.From.Add(new MailboxAddress("", "postmaster@college-pasteur.example"));
            }), InboundOutcome.IgnoredAutoReply),
        ["from Sav's own address"] = new(h => With(Mime.Reply(Subject(h), "Boucle"), m =>
            {
                m.From.Clear();
                m.From.Add(new MailboxAddress("Service après-vente", "sav@example.com"));
            }), InboundOutcome.IgnoredAutoReply),
        ["Sav's own mail coming back"] = new(h => With(Mime.Reply(Subject(h), "Copie"), m => m.Headers.Add("X-Sav-Template", "Question")),
            InboundOutcome.IgnoredAutoReply),
    };

    public static TheoryData<string> Names => new(Cases.Keys);
}
