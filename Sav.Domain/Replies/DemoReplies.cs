namespace Sav.Domain.Replies;

/// <summary>The shared « réponses types » of the demonstration data: what a support team writes every day.</summary>
public static class DemoReplies
{
    public static IEnumerable<ReplyTemplate> For(DateTimeOffset now) =>
    [
        Shared("Demande de photos", "fr", """
            Bonjour {{contact.nom}},

            Pour avancer sur votre dossier {{ticket.code}}, pourriez-vous nous envoyer deux ou trois photos du problème, ainsi qu’une photo de l’étiquette portant le numéro de série ? Il vous suffit de répondre à ce mail en les joignant.

            Bien cordialement,
            {{analyste.nom}} — Service après-vente {{marque}}
            """, now),
        Shared("Demande de facture", "fr", """
            Bonjour {{contact.nom}},

            Pour vérifier la garantie de votre matériel, pourriez-vous nous transmettre la facture d’achat (ou le bon de livraison) ? Une photo lisible suffit.

            Bien cordialement,
            {{analyste.nom}}
            """, now),
        Shared("Retour en atelier", "fr", """
            Bonjour {{contact.nom}},

            Après analyse, votre matériel doit revenir dans notre atelier. Vous recevrez sous 48 heures une étiquette de retour prépayée ; merci d’indiquer le numéro {{ticket.code}} dans le colis.

            Bien cordialement,
            {{analyste.nom}} — {{marque}}
            """, now),
        Shared("Clôture après réparation", "fr", """
            Bonjour {{contact.nom}},

            Votre matériel a été réparé et vous a été réexpédié. Nous clôturons le dossier {{ticket.code}} ; si le problème réapparaît, le lien « Rouvrir » de ce mail le rouvre.

            Merci de votre confiance,
            {{analyste.nom}}
            """, now),
        Shared("Photos request", "en", """
            Hello {{contact.nom}},

            To move your ticket {{ticket.code}} forward, could you send us two or three photos of the problem and one of the label showing the serial number? Just reply to this e-mail with them attached.

            Kind regards,
            {{analyste.nom}} — {{marque}} after-sales service
            """, now),
    ];

    private static ReplyTemplate Shared(string title, string language, string body, DateTimeOffset now) =>
        new() { Title = title, Language = language, Body = body.ReplaceLineEndings("\n"), UpdatedAt = now };
}
