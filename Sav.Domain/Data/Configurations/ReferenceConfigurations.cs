using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Tickets;

namespace Sav.Domain.Data.Configurations;

public class StatusConfiguration : IEntityTypeConfiguration<Status>
{
    public void Configure(EntityTypeBuilder<Status> b)
    {
        b.HasIndex(s => s.Code).IsUnique();
        b.Property(s => s.Code).HasMaxLength(8);
        b.Property(s => s.Label).HasMaxLength(100);
        b.Property(s => s.LabelEn).HasMaxLength(100);
        b.Property(s => s.CustomerLabel).HasMaxLength(200);
        b.Property(s => s.CustomerLabelEn).HasMaxLength(200);
        b.Property(s => s.Category).HasConversion<string>().HasMaxLength(32);
        b.Ignore(s => s.Display);
    }
}

public class ProductFamilyConfiguration : IEntityTypeConfiguration<ProductFamily>
{
    public void Configure(EntityTypeBuilder<ProductFamily> b)
    {
        b.HasIndex(f => f.Code).IsUnique();
        b.Property(f => f.Code).HasMaxLength(32);
        b.Property(f => f.Name).HasMaxLength(100);
        b.Property(f => f.NameEn).HasMaxLength(100);
    }
}

public class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.HasIndex(p => p.Code).IsUnique();
        b.HasIndex(p => p.ProductFamilyId);
        b.Property(p => p.Code).HasMaxLength(32);
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.NameEn).HasMaxLength(100);
    }
}

public class BrandConfiguration : IEntityTypeConfiguration<Brand>
{
    public void Configure(EntityTypeBuilder<Brand> b)
    {
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.PrimaryColor).HasMaxLength(16);
        b.Property(x => x.AccentColor).HasMaxLength(16);
        b.Property(x => x.SenderName).HasMaxLength(100);
        b.Property(x => x.SenderAddress).HasMaxLength(254);
        b.Property(x => x.ReplyTo).HasMaxLength(254);
        b.Property(x => x.Language).HasMaxLength(8);
    }
}

public class AnalystConfiguration : IEntityTypeConfiguration<Analyst>
{
    public void Configure(EntityTypeBuilder<Analyst> b)
    {
        b.HasIndex(a => a.Email).IsUnique();
        b.Property(a => a.Email).HasMaxLength(254);
        b.Property(a => a.DisplayName).HasMaxLength(100);
        b.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
    }
}

public class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> b)
    {
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(32);
    }
}

public class ReplyTemplateConfiguration : IEntityTypeConfiguration<Sav.Domain.Replies.ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Replies.ReplyTemplate> b)
    {
        b.Property(r => r.Title).HasMaxLength(Sav.Domain.Replies.ReplyTemplates.TitleLength);
        b.Property(r => r.Body).HasMaxLength(Limits.Comment);
        b.Property(r => r.Language).HasMaxLength(8);
        // A deleted analyst's own templates go with them; a brand is never deleted while tickets point at it.
        b.HasOne(r => r.Owner).WithMany().OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Brand).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => r.OwnerId);
    }
}

public class SlaTargetConfiguration : IEntityTypeConfiguration<Sav.Domain.Sla.SlaTarget>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Sla.SlaTarget> b)
    {
        b.Property(t => t.Warranty).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Brand>().WithMany().HasForeignKey(t => t.BrandId).OnDelete(DeleteBehavior.Restrict);
    }
}
