using System.Collections.Concurrent;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>What one sweep knows as it goes: the team's own addresses, the database lookups on the sweep's connection,
/// what it matched, what it started storing, and what came of each message.</summary>
internal sealed class SweepPass(IReadOnlySet<string> own, SweepLookups lookups, int parallelism) : IAsyncDisposable
{
    private readonly int[] _counts = new int[Enum.GetValues<SweepResult>().Length];

    public IReadOnlySet<string> Own => own;
    public SweepLookups Lookups => lookups;

    /// <summary>Keys listed in this sweep: a mailbox that refuses to mark lists the same messages again.</summary>
    public HashSet<string> Listed { get; } = [];

    /// <summary>Tickets by code as matched in this sweep, and codes by ticket: a code never changes ticket.</summary>
    public ConcurrentDictionary<string, int> Tickets { get; } = new();
    public ConcurrentDictionary<int, string> Codes { get; } = new();

    /// <summary>Message-IDs whose files are being stored in this sweep: a second copy in the same pass stores nothing ahead.</summary>
    public ConcurrentDictionary<string, bool> Claimed { get; } = new();

    /// <summary>Turns to store the files of a message over <see cref="MailboxSweeper.LargeMessageBytes"/>: each holds its
    /// bytes until its files are stored, so fewer of them at once than of the others.</summary>
    public SemaphoreSlim LargeTurns { get; } = new(2 * parallelism);

    public void Count(SweepResult result) => Interlocked.Increment(ref _counts[(int)result]);

    public SweepReport Report => new(_counts[(int)SweepResult.Filed], _counts[(int)SweepResult.Unmatched],
        _counts[(int)SweepResult.Ignored], _counts[(int)SweepResult.Rejected], _counts[(int)SweepResult.AlreadySeen]);

    public async ValueTask DisposeAsync()
    {
        LargeTurns.Dispose();
        await lookups.DisposeAsync();
    }
}

/// <summary>What became of one message in a sweep.</summary>
internal enum SweepResult { Filed, Unmatched, Ignored, Rejected, AlreadySeen }
