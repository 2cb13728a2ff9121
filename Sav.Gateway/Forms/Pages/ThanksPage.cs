using Sav.Domain.Brands;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

public static class ThanksPage
{
    /// <summary>The context is shown when there is one: a dropped robot submission gets the page without it.</summary>
    public static IResult Render(Brand? brand, FormKind kind, string? context)
    {
        var message = kind switch
        {
            FormKind.Open => "Votre demande est enregistrée. Un e-mail de confirmation vous est envoyé.",
            FormKind.Status => "Vous allez recevoir par e-mail l'état de votre dossier.",
            FormKind.Close => "Votre dossier est clôturé. Un e-mail vous le confirme.",
            FormKind.Reopen => "Votre demande de réouverture est enregistrée. Un e-mail vous le confirme.",
            _ => "Votre réponse est transmise à notre équipe.",
        };
        var body = $"<p>{E(message)}</p>";
        if (context is not null)
        {
            body += $"""
                <p>Votre numéro de dossier :</p>
                <p class="context" id="context">{E(context)}</p>
                <p>Notez-le : il vous sera demandé pour suivre, clôturer ou réouvrir votre dossier.</p>
                """;
        }
        return Html(StatusCodes.Status200OK, brand, "Merci", body);
    }
}
