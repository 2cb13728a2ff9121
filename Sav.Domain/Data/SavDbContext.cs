using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sav.Domain.Analysts;
using Sav.Domain.Audit;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Documents;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;

namespace Sav.Domain.Data;

public class SavDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<Status> Statuses => Set<Status>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ProductFamily> ProductFamilies => Set<ProductFamily>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<Analyst> Analysts => Set<Analyst>();
    public DbSet<ConversationEntry> ConversationEntries => Set<ConversationEntry>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxAttachment> OutboxAttachments => Set<OutboxAttachment>();
    public DbSet<InboundMail> InboundMails => Set<InboundMail>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<TicketMilestone> TicketMilestones => Set<TicketMilestone>();
    public DbSet<Mail.Health.MailJobRun> MailJobRuns => Set<Mail.Health.MailJobRun>();
    public DbSet<Erp.ErpSyncState> ErpSyncStates => Set<Erp.ErpSyncState>();
    public DbSet<Security.ProtectionKey> ProtectionKeys => Set<Security.ProtectionKey>();
    public DbSet<Journal.ReplayedSubmission> ReplayedSubmissions => Set<Journal.ReplayedSubmission>();
    public DbSet<Journal.GatewayJournal> GatewayJournals => Set<Journal.GatewayJournal>();
    public DbSet<Replies.ReplyTemplate> ReplyTemplates => Set<Replies.ReplyTemplate>();
    public DbSet<Sms.SmsOutboxMessage> SmsOutbox => Set<Sms.SmsOutboxMessage>();
    public DbSet<Sms.SmsOptOut> SmsOptOuts => Set<Sms.SmsOptOut>();
    public DbSet<Satisfaction.SatisfactionRating> SatisfactionRatings => Set<Satisfaction.SatisfactionRating>();
    public DbSet<Sla.SlaTarget> SlaTargets => Set<Sla.SlaTarget>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SavDbContext).Assembly);
        Reports.DelayColumns.Map(modelBuilder.Entity<Ticket>(), IsSqlite);
        modelBuilder.Entity<Security.ProtectionKey>().ToTable("DataProtectionKeys").Property(k => k.FriendlyName).HasMaxLength(200);
        // « Recherche » without a status pages the whole base by last update: PostgreSQL sorted a million rows for it
        // (481 -> 93 ms with this index, bench/README.md); SQLite meets the target without, and every index costs each
        // opening a write.
        if (!IsSqlite) modelBuilder.Entity<Ticket>().HasIndex(t => t.UpdatedAt);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Indexes are declared where a query needs one, not one per foreign key: each costs every insert its write (an
        // opening writes a ticket with its foreign keys at every submission), and nothing deletes a brand, family, product
        // or contact once tickets point at it, so no delete scans for them.
        configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();
        // SQLite cannot compare DateTimeOffset text; ticks keep ordering and range queries in SQL.
        if (IsSqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<Ticket>())
        {
            if (entry.State == EntityState.Modified) entry.Entity.Version++;
        }
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        foreach (var entry in ChangeTracker.Entries<Ticket>())
        {
            if (entry.State == EntityState.Modified) entry.Entity.Version++;
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }
}

/// <summary>Named sequences (ticket codes) that work the same on SQLite and PostgreSQL.</summary>
public class Counter
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
}
