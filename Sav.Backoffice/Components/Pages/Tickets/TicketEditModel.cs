using Sav.Domain.Tickets;

namespace Sav.Backoffice.Components.Pages.Tickets;

/// <summary>What the ticket page's panel edits: the ticket's fields, its status and analyst as chosen.</summary>
public sealed record TicketEditModel
{
    public string? Subject { get; set; }
    public string? Description { get; set; }
    public string? SerialNumber { get; set; }
    public string? OrderNumber { get; set; }
    public string? InvoiceNumber { get; set; }
    public Warranty Warranty { get; set; }
    public int FamilyId { get; set; }
    public int ProductId { get; set; }
    public int BrandId { get; set; }
    public string Status { get; set; } = "";
    public int Analyst { get; set; }

    /// <summary>The same ticket reloaded: what the analyst changed (<paramref name="mine"/> against
    /// <paramref name="baseline"/>) stays, what they did not touch follows <paramref name="fresh"/>.</summary>
    public static TicketEditModel Merge(TicketEditModel baseline, TicketEditModel mine, TicketEditModel fresh)
    {
        T Pick<T>(Func<TicketEditModel, T> field) => EqualityComparer<T>.Default.Equals(field(mine), field(baseline)) ? field(fresh) : field(mine);
        return new TicketEditModel
        {
            Subject = Pick(m => m.Subject), Description = Pick(m => m.Description), SerialNumber = Pick(m => m.SerialNumber),
            OrderNumber = Pick(m => m.OrderNumber), InvoiceNumber = Pick(m => m.InvoiceNumber), Warranty = Pick(m => m.Warranty),
            FamilyId = Pick(m => m.FamilyId), ProductId = Pick(m => m.ProductId), BrandId = Pick(m => m.BrandId),
            Status = Pick(m => m.Status), Analyst = Pick(m => m.Analyst),
        };
    }
}
