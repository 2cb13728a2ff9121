namespace Sav.Domain.Mail.Templates;

public enum MailTemplate { OpeningConfirmation, Question, Status, ClosingConfirmation, ReopeningConfirmation, ReopenNotNeeded, AttachmentTooLarge, MergeNotice }

public enum ButtonKind { Status, Close, Reopen, Answer }

/// <summary>Everything a template shows, already decided by the domain.</summary>
public sealed record MailModel
{
    public required string Language { get; init; }
    public required string Context { get; init; }
    public required string TicketSubject { get; init; }
    public required string CustomerName { get; init; }
    public required string BrandName { get; init; }
    public string? BannerUrl { get; init; }
    public string PrimaryColor { get; init; } = "#1f4e79";
    public string AccentColor { get; init; } = "#f0a500";
    public required string StatusLabel { get; init; }
    /// <summary>The product the ticket is about, in the mail's language; null when unknown.</summary>
    public string? Product { get; init; }
    /// <summary>The analyst's question, or the customer's comment, shown as plain text.</summary>
    public string? Message { get; init; }
    public IReadOnlyList<PublicMessage> History { get; init; } = [];
    public required IReadOnlyDictionary<ButtonKind, string> Links { get; init; }
    /// <summary>The satisfaction links of a closing mail (label, address), in the mail's language; none in the others.</summary>
    public IReadOnlyList<(string Label, string Url)> Ratings { get; init; } = [];
    /// <summary>The team's time zone (<c>Sav:TimeZone</c>): every time a customer reads is in it.</summary>
    public TimeZoneInfo TimeZone { get; init; } = Reports.TeamTime.DefaultZone;
}

public sealed record PublicMessage(DateTimeOffset At, bool FromCustomer, string Author, string Text);

public sealed record RenderedMail(string Subject, string Html, string Text);
