using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sav.Domain.Tickets;

namespace Sav.Domain.Data.Configurations;

public class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.HasIndex(t => t.Code).IsUnique();
        b.HasIndex(t => new { t.StatusId, t.UpdatedAt });
        b.HasIndex(t => t.SubmissionKey);
        // The analyst's own list and the client's page; brand, family, product and contact are read from the ticket, never searched by.
        b.HasIndex(t => t.AnalystId);
        b.HasIndex(t => t.ClientId);
        // The ticket page's likely duplicates: the same contact's tickets.
        b.HasIndex(t => t.ContactId);
        // The menu's count of late tickets and their list by status: a range of this index alone (null, the most, is left
        // out by the range); without the status, the list read 7,863 rows of a million tickets from the table (23 ms).
        b.HasIndex(t => new { t.SlaDueAt, t.StatusId });
        b.Property(t => t.Code).HasMaxLength(8);
        b.Property(t => t.Subject).HasMaxLength(Limits.Subject);
        b.Property(t => t.Description).HasMaxLength(Limits.Description);
        b.Property(t => t.CustomerText).HasMaxLength(Limits.Name);
        b.Property(t => t.ProductFamilyText).HasMaxLength(Limits.Name);
        b.Property(t => t.ProductText).HasMaxLength(Limits.Name);
        b.Property(t => t.BrandText).HasMaxLength(Limits.Name);
        b.Property(t => t.SerialNumber).HasMaxLength(Limits.Reference);
        b.Property(t => t.OrderNumber).HasMaxLength(Limits.Reference);
        b.Property(t => t.InvoiceNumber).HasMaxLength(Limits.Reference);
        b.Property(t => t.SubmissionKey).HasMaxLength(64);
        b.Property(t => t.Language).HasMaxLength(8);
        b.Property(t => t.Warranty).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne(t => t.Status).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(t => t.Client).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.Contact).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.ProductFamily).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.Product).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.Brand).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.Analyst).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.History).WithOne().HasForeignKey(a => a.TicketId);
        b.HasMany(t => t.Milestones).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        // IX_Tickets_Opened, the reports' index, is mapped with the columns « Délais » reads (Reports/DelayColumns.cs).
    }
}

public class TicketMilestoneConfiguration : IEntityTypeConfiguration<TicketMilestone>
{
    public void Configure(EntityTypeBuilder<TicketMilestone> b)
    {
        b.HasIndex(m => new { m.Kind, m.At });
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
    }
}
