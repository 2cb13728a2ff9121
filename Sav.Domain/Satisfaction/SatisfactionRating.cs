namespace Sav.Domain.Satisfaction;

public enum Rating { Satisfied, Neutral, Unsatisfied }

/// <summary>A customer's rating of one closing of their ticket (its <see cref="ClosedAt"/>): one per closing, the
/// last one given counts.</summary>
public class SatisfactionRating
{
    public int Id { get; set; }
    public int TicketId { get; set; }
    /// <summary>The closing rated: the ticket's <c>ClosedAt</c> when the closing mail was written.</summary>
    public DateTimeOffset ClosedAt { get; set; }
    public Rating Rating { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The ticket's analyst when it was rated: « Rapports » count it to them.</summary>
    public int? AnalystId { get; set; }
}

/// <summary>The words of a rating in links and pages: the link's value and the label a customer reads.</summary>
public static class Ratings
{
    public static string Slug(this Rating rating) => rating switch
    {
        Rating.Satisfied => "satisfait", Rating.Neutral => "neutre", _ => "pas-satisfait",
    };

    public static bool TryParse(string? slug, out Rating rating)
    {
        foreach (var candidate in Enum.GetValues<Rating>())
        {
            if (!string.Equals(candidate.Slug(), slug?.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            rating = candidate;
            return true;
        }
        rating = default;
        return false;
    }

    public static string Label(this Rating rating, string language) => (rating, language) switch
    {
        (Rating.Satisfied, "en") => "Satisfied", (Rating.Neutral, "en") => "Neutral", (Rating.Unsatisfied, "en") => "Not satisfied",
        (Rating.Satisfied, _) => "Satisfait", (Rating.Neutral, _) => "Neutre", _ => "Pas satisfait",
    };
}
