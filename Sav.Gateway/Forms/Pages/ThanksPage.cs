using Sav.Domain.Brands;
using static Sav.Gateway.Forms.Pages.PageLayout;

namespace Sav.Gateway.Forms.Pages;

public static class ThanksPage
{
    /// <summary>The context is shown when there is one: a dropped robot submission gets the page without it.</summary>
    public static IResult Render(Brand? brand, PageText text, FormKind kind, string? context)
    {
        var body = $"<p>{E(text.Thanks[kind])}</p>";
        if (context is not null)
        {
            body += $"""
                <p>{E(text.YourContext)}</p>
                <p class="context" id="context">{E(context)}</p>
                <p>{E(text.KeepContext)}</p>
                """;
        }
        return Html(StatusCodes.Status200OK, brand, text, text.ThanksTitle, body);
    }
}
