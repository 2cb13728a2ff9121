using Sav.Domain.Analysts;
using Sav.Domain.Brands;

namespace Sav.Domain.Replies;

/// <summary>A « réponse type »: a text analysts insert in a question, a note or a closing message, its placeholders
/// (<c>{{client.nom}}</c>…) filled from the ticket. Shared with the team (no owner) or kept by one analyst.</summary>
public class ReplyTemplate
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>The language of the tickets it answers: « fr » or « en ».</summary>
    public string Language { get; set; } = "fr";
    /// <summary>Offered on this brand's tickets only; null for every brand.</summary>
    public int? BrandId { get; set; }
    public Brand? Brand { get; set; }
    /// <summary>The analyst who keeps it for themselves; null when shared with the team.</summary>
    public int? OwnerId { get; set; }
    public Analyst? Owner { get; set; }
    /// <summary>How many times it was inserted: the picker offers the most used first.</summary>
    public int UsageCount { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
