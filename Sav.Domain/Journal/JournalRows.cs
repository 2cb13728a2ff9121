using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sav.Domain.Journal;

/// <summary>A journalled request already replayed: its journal id, so that a second replay changes nothing.</summary>
public class ReplayedSubmission
{
    public string Key { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>What a gateway last reported of its journal, for « Santé »: how many submissions wait and since when, how
/// many reserved ticket numbers it has left.</summary>
public class GatewayJournal
{
    /// <summary>The machine and the journal's folder.</summary>
    public string Gateway { get; set; } = "";
    public int Waiting { get; set; }
    public DateTimeOffset? Since { get; set; }
    public long NumbersLeft { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}

public class ReplayedSubmissionConfiguration : IEntityTypeConfiguration<ReplayedSubmission>
{
    public void Configure(EntityTypeBuilder<ReplayedSubmission> b)
    {
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(64);
    }
}

public class GatewayJournalConfiguration : IEntityTypeConfiguration<GatewayJournal>
{
    public void Configure(EntityTypeBuilder<GatewayJournal> b)
    {
        b.HasKey(g => g.Gateway);
        b.Property(g => g.Gateway).HasMaxLength(400);
    }
}
