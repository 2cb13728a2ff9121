using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sav.Domain.Audit;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Outbox;

namespace Sav.Domain.Data.Configurations;

public class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.HasIndex(c => c.ErpId).IsUnique();
        b.HasIndex(c => c.Name);
        b.HasIndex(c => c.EmailDomain);
        b.Property(c => c.ErpId).HasMaxLength(64);
        b.Property(c => c.Name).HasMaxLength(Limits.Name);
        b.Property(c => c.Address).HasMaxLength(500);
        b.Property(c => c.Phone).HasMaxLength(Limits.Phone);
        b.Property(c => c.EmailDomain).HasMaxLength(254);
        b.Property(c => c.ErpExtra).HasMaxLength(4000);
        b.HasMany(c => c.Contacts).WithOne(c => c.Client).OnDelete(DeleteBehavior.SetNull);
    }
}

public class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.HasIndex(c => c.Email);
        b.HasIndex(c => c.ClientId);
        b.Property(c => c.Name).HasMaxLength(Limits.Name);
        b.Property(c => c.Email).HasMaxLength(Limits.Email);
        b.Property(c => c.Phone).HasMaxLength(Limits.Phone);
        b.Property(c => c.BounceReason).HasMaxLength(500);
    }
}

public class ConversationEntryConfiguration : IEntityTypeConfiguration<ConversationEntry>
{
    public void Configure(EntityTypeBuilder<ConversationEntry> b)
    {
        b.HasIndex(e => new { e.TicketId, e.At });
        b.Property(e => e.Direction).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Author).HasMaxLength(254);
        b.HasOne(e => e.Ticket).WithMany(t => t.Conversation).OnDelete(DeleteBehavior.Cascade);
    }
}

public class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> b)
    {
        b.HasIndex(d => d.TicketId);
        b.Property(d => d.Name).HasMaxLength(255);
        b.Property(d => d.MediaType).HasMaxLength(127);
        b.Property(d => d.Store).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.StoreId).HasMaxLength(500);
        b.Property(d => d.Link).HasMaxLength(1000);
        b.HasOne(d => d.Ticket).WithMany(t => t.Documents).OnDelete(DeleteBehavior.Cascade);
    }
}

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.HasIndex(m => new { m.State, m.NextAttemptAt });
        b.HasIndex(m => m.MessageId).IsUnique();
        b.HasIndex(m => m.SentAt);
        b.HasOne(m => m.Ticket).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.Property(m => m.Template).HasMaxLength(32);
        b.Property(m => m.Recipient).HasMaxLength(Limits.Email);
        b.Property(m => m.RecipientName).HasMaxLength(Limits.Name);
        b.Property(m => m.FromName).HasMaxLength(100);
        b.Property(m => m.FromAddress).HasMaxLength(254);
        b.Property(m => m.ReplyTo).HasMaxLength(254);
        b.Property(m => m.MessageId).HasMaxLength(254);
        b.Property(m => m.Subject).HasMaxLength(500);
        b.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.ClaimedBy).HasMaxLength(100);
        b.Property(m => m.ProviderId).HasMaxLength(254);
        b.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> b)
    {
        b.HasIndex(a => a.OutboxMessageId);
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.MediaType).HasMaxLength(127);
    }
}

public class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> b)
    {
        b.HasIndex(m => m.MessageId).IsUnique();
        b.HasIndex(m => m.Outcome);
        b.Property(m => m.MessageId).HasMaxLength(998);
        b.Property(m => m.Mailbox).HasMaxLength(254);
        b.Property(m => m.From).HasMaxLength(998);
        b.Property(m => m.Subject).HasMaxLength(998);
        b.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(32);
        b.Property(m => m.RawPath).HasMaxLength(1000);
        b.Property(m => m.BounceRecipient).HasMaxLength(254);
        b.Property(m => m.BounceReason).HasMaxLength(500);
    }
}

public class MailJobRunConfiguration : IEntityTypeConfiguration<Sav.Domain.Mail.Health.MailJobRun>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Mail.Health.MailJobRun> b)
    {
        b.HasKey(r => r.Job);
        b.Property(r => r.Job).HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.LastError).HasMaxLength(2000);
        b.Property(r => r.Instance).HasMaxLength(200);
    }
}

public class ErpSyncStateConfiguration : IEntityTypeConfiguration<Sav.Domain.Erp.ErpSyncState>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Erp.ErpSyncState> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.LastError).HasMaxLength(2000);
        b.Property(s => s.LastReport).HasMaxLength(500);
        b.Ignore(s => s.Failing);
    }
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(a => new { a.TicketId, a.At });
        b.Property(a => a.Actor).HasMaxLength(254);
        b.Property(a => a.Field).HasMaxLength(64);
    }
}

public class SmsOutboxConfiguration : IEntityTypeConfiguration<Sav.Domain.Sms.SmsOutboxMessage>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Sms.SmsOutboxMessage> b)
    {
        b.ToTable("SmsOutbox");
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Recipient).HasMaxLength(20);
        b.Property(m => m.Text).HasMaxLength(1000);
        b.Property(m => m.ProviderId).HasMaxLength(100);
        b.Property(m => m.Error).HasMaxLength(1000);
        b.HasOne(m => m.Ticket).WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher's due messages, and a ticket's last one (one an hour).
        b.HasIndex(m => new { m.State, m.NextAttemptAt });
        b.HasIndex(m => new { m.TicketId, m.SentAt });
    }
}

public class SmsOptOutConfiguration : IEntityTypeConfiguration<Sav.Domain.Sms.SmsOptOut>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Sms.SmsOptOut> b)
    {
        b.HasKey(o => o.Number);
        b.Property(o => o.Number).HasMaxLength(20);
        b.Property(o => o.Source).HasMaxLength(32);
    }
}

public class SatisfactionRatingConfiguration : IEntityTypeConfiguration<Sav.Domain.Satisfaction.SatisfactionRating>
{
    public void Configure(EntityTypeBuilder<Sav.Domain.Satisfaction.SatisfactionRating> b)
    {
        b.Property(r => r.Rating).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Comment).HasMaxLength(Limits.Comment);
        // One rating per closing: the last one given replaces it.
        b.HasIndex(r => new { r.TicketId, r.ClosedAt }).IsUnique();
        b.HasOne<Sav.Domain.Tickets.Ticket>().WithMany().HasForeignKey(r => r.TicketId).OnDelete(DeleteBehavior.Cascade);
        // « Rapports » read them by the time they were given.
        b.HasIndex(r => r.At);
    }
}
