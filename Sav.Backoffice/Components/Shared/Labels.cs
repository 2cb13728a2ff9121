using Sav.Domain.Conversations;
using Sav.Domain.Tickets;

namespace Sav.Backoffice.Components.Shared;

/// <summary>French words for the domain's enums, as the analysts read them.</summary>
public static class Labels
{
    public static string Of(Warranty warranty) => warranty switch
    {
        Warranty.Yes => "Oui",
        Warranty.No => "Non",
        _ => "Inconnue",
    };

    public static string Of(Channel channel) => channel switch
    {
        Channel.Form => "Formulaire",
        Channel.Email => "E-mail",
        Channel.Phone => "Téléphone",
        _ => "Backoffice",
    };

    public static string Of(Direction direction) => direction switch
    {
        Direction.FromCustomer => "Client → SAV",
        Direction.ToCustomer => "SAV → Client",
        _ => "Note interne",
    };

    public static string Of(TicketFilter filter) => filter switch
    {
        TicketFilter.Main => "1. Etat principal",
        TicketFilter.All => "2. Tous",
        TicketFilter.Closed => "3. Fermés",
        TicketFilter.WaitingOnCustomer => "4. Attente client",
        _ => "5. Mes dossiers",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} o",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} Ko",
        _ => $"{bytes / (1024.0 * 1024):0.#} Mo",
    };

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The full date, in Paris time, for tooltips and the history.</summary>
    public static string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Paris).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
