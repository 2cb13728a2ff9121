using Sav.Domain.Analysts;
using Sav.Domain.Audit;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Documents;

namespace Sav.Domain.Tickets;

public enum Warranty { Unknown, Yes, No }

public enum Channel { Form, Email, Phone, Backoffice }

public class Ticket
{
    public int Id { get; set; }
    public string Code { get; set; } = "";

    public int? ClientId { get; set; }
    public Client? Client { get; set; }
    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }

    /// <summary>The organisation as the customer typed it, kept until an analyst links a client.</summary>
    public string? CustomerText { get; set; }

    public int? ProductFamilyId { get; set; }
    public ProductFamily? ProductFamily { get; set; }
    /// <summary>The family as given when it matched none: an analyst fixes it, the ticket is never refused.</summary>
    public string? ProductFamilyText { get; set; }
    public int? ProductId { get; set; }
    public Product? Product { get; set; }
    public string? ProductText { get; set; }

    public string? SerialNumber { get; set; }
    public string? OrderNumber { get; set; }
    public string? InvoiceNumber { get; set; }
    public Warranty Warranty { get; set; }

    public string Subject { get; set; } = "";
    public string? Description { get; set; }

    public int StatusId { get; set; }
    public Status Status { get; set; } = null!;
    public int? AnalystId { get; set; }
    public Analyst? Analyst { get; set; }
    public Channel Channel { get; set; }
    public int? BrandId { get; set; }
    public Brand? Brand { get; set; }
    public string? BrandText { get; set; }
    public string Language { get; set; } = "fr";

    /// <summary>Hash of a form submission, so that a double post makes one ticket.</summary>
    public string? SubmissionKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When an analyst first wrote to the customer: reports read it without scanning the conversation.</summary>
    public DateTimeOffset? FirstAnsweredAt { get; set; }
    /// <summary>When the ticket was last closed; null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The ticket this one was merged into: its context now leads there.</summary>
    public int? MergedIntoId { get; set; }
    /// <summary>The response target in force when the ticket was opened, and where it stands (Sla/SlaClock.cs keeps them):
    /// when the first answer and the closing fall due, moved on by the working time spent waiting on someone else; since
    /// when it waits; and <see cref="SlaDueAt"/>, the next deadline while the clock runs (null while it waits or once
    /// closed), which the menu's count of late tickets reads from its index. Targets are ended, never deleted: no foreign key
    /// (SQLite would rebuild the table to add one).</summary>
    public int? SlaTargetId { get; set; }
    public DateTimeOffset? AnswerDueAt { get; set; }
    public DateTimeOffset? CloseDueAt { get; set; }
    public DateTimeOffset? SlaPausedAt { get; set; }
    public DateTimeOffset? SlaDueAt { get; set; }
    public int Version { get; set; }

    public List<ConversationEntry> Conversation { get; set; } = [];
    public List<Document> Documents { get; set; } = [];
    public List<AuditEntry> History { get; set; } = [];
    public List<TicketMilestone> Milestones { get; set; } = [];
}
