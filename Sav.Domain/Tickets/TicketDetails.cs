using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Documents;

namespace Sav.Domain.Tickets;

public sealed record TicketSummary(
    int Id, string Code, int Version, string Subject, string? Description,
    string StatusCode, string StatusLabel, StatusCategory StatusCategory,
    int? ClientId, string? ClientName, string? CustomerText,
    string? ContactName, string? ContactEmail, string? ContactPhone,
    int? ProductFamilyId, string? FamilyName, string? FamilyText, int? ProductId, string? ProductName, string? ProductText,
    string? SerialNumber, string? OrderNumber, string? InvoiceNumber, Warranty Warranty,
    int? AnalystId, string? AnalystName, Channel Channel, string? BrandName, string? BrandText, string Language,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? StatusLabelEn = null)
{
    public string StatusDisplay => $"{StatusCode}. {StatusLabel}";
    public string StatusDisplayIn(string language) =>
        language == "en" && !string.IsNullOrEmpty(StatusLabelEn) ? $"{StatusCode}. {StatusLabelEn}" : StatusDisplay;
    public string? Client => ClientName ?? CustomerText;
    public string? Product => string.Join(" / ", new[] { FamilyName ?? FamilyText, ProductName ?? ProductText }
        .Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } text ? text : null;
}

public sealed record ConversationLine(int Id, Direction Direction, Channel Channel, string Author, string Text, DateTimeOffset At);

public sealed record DocumentLine(int Id, string Name, string MediaType, long Size, DateTimeOffset CreatedAt,
    DocumentStoreKind Store = DocumentStoreKind.Local, string? Link = null)
{
    /// <summary>Where Google Drive shows the file, for a document kept there.</summary>
    public string? DriveLink => Store == DocumentStoreKind.GoogleDrive
        && Link is not null && Link.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? Link : null;
}

public sealed record HistoryLine(DateTimeOffset At, string Actor, string Field, string? Before, string? After, string? Reason);

public sealed record TicketDetails(
    TicketSummary Summary, IReadOnlyList<ConversationLine> Conversation, IReadOnlyList<DocumentLine> Documents,
    IReadOnlyList<HistoryLine> History);

/// <summary>What the ticket page shows, read in one short-lived context.</summary>
public static class TicketDetailsQuery
{
    public static async Task<TicketDetails?> LoadAsync(SavDbContext db, string code, CancellationToken cancellationToken = default)
    {
        // What was typed, else with its look-alikes read as digits (1O4O for 1040).
        var candidates = TicketCode.Candidates(code);
        code = await db.Tickets.Where(t => candidates.Contains(t.Code)).Select(t => t.Code).ToListAsync(cancellationToken) is { Count: > 0 } found
            ? candidates.First(found.Contains) : code.Trim().ToUpperInvariant();
        var summary = await db.Tickets.AsNoTracking().Where(t => t.Code == code)
            .Select(t => new TicketSummary(
                t.Id, t.Code, t.Version, t.Subject, t.Description,
                t.Status.Code, t.Status.Label, t.Status.Category,
                t.ClientId, t.Client != null ? t.Client.Name : null, t.CustomerText,
                t.Contact != null ? t.Contact.Name : null, t.Contact != null ? t.Contact.Email : null, t.Contact != null ? t.Contact.Phone : null,
                t.ProductFamilyId, t.ProductFamily != null ? t.ProductFamily.Name : null, t.ProductFamilyText,
                t.ProductId, t.Product != null ? t.Product.Name : null, t.ProductText,
                t.SerialNumber, t.OrderNumber, t.InvoiceNumber, t.Warranty,
                t.AnalystId, t.Analyst != null ? t.Analyst.DisplayName : null, t.Channel,
                t.Brand != null ? t.Brand.Name : null, t.BrandText, t.Language, t.CreatedAt, t.UpdatedAt, t.Status.LabelEn))
            .SingleOrDefaultAsync(cancellationToken);
        if (summary is null) return null;

        var conversation = await db.ConversationEntries.Where(e => e.TicketId == summary.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ConversationLine(e.Id, e.Direction, e.Channel, e.Author, e.Text, e.At))
            .ToListAsync(cancellationToken);
        var documents = await db.Documents.Where(d => d.TicketId == summary.Id)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Select(d => new DocumentLine(d.Id, d.Name, d.MediaType, d.Size, d.CreatedAt, d.Store, d.Link))
            .ToListAsync(cancellationToken);
        var history = await db.AuditEntries.Where(a => a.TicketId == summary.Id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new HistoryLine(a.At, a.Actor, a.Field, a.Before, a.After, a.Reason))
            .ToListAsync(cancellationToken);
        return new TicketDetails(summary, conversation, documents, history);
    }
}
