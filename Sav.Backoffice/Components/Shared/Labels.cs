using System.Globalization;
using Sav.Backoffice.Resources;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;

namespace Sav.Backoffice.Components.Shared;

/// <summary>Words for the domain's enums, as the analysts read them, in the current UI culture.</summary>
public static class Labels
{
    public static string Of(Warranty warranty) => warranty switch
    {
        Warranty.Yes => UiText.Get("Warranty.Yes"),
        Warranty.No => UiText.Get("Warranty.No"),
        _ => UiText.Get("Warranty.Unknown"),
    };

    public static string Of(Channel channel) => channel switch
    {
        Channel.Form => UiText.Get("Channel.Form"),
        Channel.Email => UiText.Get("Channel.Email"),
        Channel.Phone => UiText.Get("Channel.Phone"),
        _ => UiText.Get("Channel.Backoffice"),
    };

    public static string Of(Direction direction) => direction switch
    {
        Direction.FromCustomer => UiText.Get("Direction.FromCustomer"),
        Direction.ToCustomer => UiText.Get("Direction.ToCustomer"),
        _ => UiText.Get("Direction.Internal"),
    };

    public static string Of(TicketFilter filter) => filter switch
    {
        TicketFilter.Main => UiText.Get("Filter.Main"),
        TicketFilter.All => UiText.Get("Filter.All"),
        TicketFilter.Closed => UiText.Get("Filter.Closed"),
        TicketFilter.WaitingOnCustomer => UiText.Get("Filter.WaitingOnCustomer"),
        TicketFilter.Late => UiText.Get("Filter.Late"),
        _ => UiText.Get("Filter.Mine"),
    };

    /// <summary>A field of the ticket's history, as the form names it (« Statut », « Type de produit »).</summary>
    public static string HistoryField(string field) => Known($"History.Field.{field}", field);

    /// <summary>Why a change was made: the lifecycle's events, the sweep, a resend, a submission the record did not take.</summary>
    public static string HistoryReason(string? reason) => reason is null ? "" : Known($"History.Reason.{reason}", reason);

    /// <summary>A value of the history: warranty answers and conversation kinds are words, not the code's names.</summary>
    public static string? HistoryValue(string field, string? value) => (field, value) switch
    {
        ("Warranty", { } text) when Enum.TryParse<Warranty>(text, out var warranty) => Of(warranty),
        ("Conversation", "InternalNote") => UiText.Get("History.Value.InternalNote"),
        ("Conversation", "Question") => UiText.Get("History.Value.Question"),
        ("Rating", { } rating) => UiText.Get("History.Value." + rating),
        ("Sms", "Opening") => UiText.Get("History.Value.Opening"),
        ("Sms", "Question") => UiText.Get("History.Value.Question"),
        ("Sms", "OptOut") => UiText.Get("History.Value.OptOut"),
        _ => value,
    };

    private static string Known(string key, string fallback) => UiText.Get(key) is var text && text != key ? text : fallback;

    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The culture of the page's language (dates and numbers as the analyst reads them).</summary>
    public static CultureInfo Culture => UiText.Language == "en" ? CultureInfo.GetCultureInfo("en-GB") : French;

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} o",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.# 'Ko'", French),
        _ => (bytes / (1024.0 * 1024)).ToString("0.# 'Mo'", French),
    };

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The full date, in Paris time, for tooltips and the history.</summary>
    public static string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Paris).ToString("dd/MM/yyyy HH:mm", French);
}
