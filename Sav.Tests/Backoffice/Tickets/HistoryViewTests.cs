using Bunit;
using Sav.Backoffice.Components.Pages.Tickets;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Tickets;

public class HistoryViewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 19, 28, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_history_speaks_french_never_the_code_s_names()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        HistoryLine[] lines =
        [
            new(At, "form", "Status", null, "a10. Nouveau", "Opened"),
            new(At, "lea@sav.local", "Warranty", "Unknown", "Yes", null),
            new(At, "lea@sav.local", "ProductFamily", "ecrans", "Écrans tactiles", null),
            new(At, "lea@sav.local", "Conversation", null, "InternalNote", null),
            new(At, "marie@x.example", "ContactName", "Marie Durand", "Marie", "SubmissionDiffers"),
            new(At, "lea@sav.local", "Mail", "550 5.1.1 unknown", "marie@x.example", "Resent"),
            new(At, "demo", "Status", "a10. Nouveau", "b10. Action demandée", "Demo"),
        ];

        var view = ctx.Render<HistoryView>(p => p.Add(x => x.History, lines));

        var rows = view.FindAll("tr.history-row").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal(["02/12/2026 20:28", "form", "Statut", "", "a10. Nouveau", "Ouverture du dossier"], rows[0]);
        Assert.Equal(["Garantie", "Inconnue", "Oui"], rows[1][2..5]);
        Assert.Equal("Type de produit", rows[2][2]);
        Assert.Equal("Note interne", rows[3][4]);
        Assert.Equal(["Nom du contact", "Marie Durand", "Marie", "Proposé par le formulaire, non appliqué : à vérifier"], rows[4][2..6]);
        Assert.Equal(["Mail", "550 5.1.1 unknown", "marie@x.example", "Renvoyé par l'analyste"], rows[5][2..6]);
        Assert.Equal("Données de démonstration", rows[6][5]);
        var text = view.Markup;
        foreach (var raw in new[] { ">Status<", ">Opened<", ">Demo<", ">Warranty<", ">InternalNote<", ">Unknown<" })
            Assert.DoesNotContain(raw, text);
    }
}
