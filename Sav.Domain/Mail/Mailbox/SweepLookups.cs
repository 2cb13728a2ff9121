using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>What a sweep asks the database about each message (was it seen, which ticket it answers), each question on
/// a context of its own.</summary>
internal sealed class SweepLookups(IDbContextFactory<SavDbContext> factory) : IAsyncDisposable
{
    public static Task<SweepLookups> OpenAsync(IDbContextFactory<SavDbContext> factory, CancellationToken cancellationToken) =>
        Task.FromResult(new SweepLookups(factory));

    /// <summary>True when a message of this Message-ID was recorded (filed, quarantined, ignored or rejected).</summary>
    public async Task<bool> SeenAsync(string messageId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.InboundMails.AnyAsync(m => m.MessageId == messageId, cancellationToken);
    }

    /// <summary>The ticket a reply belongs to (see <see cref="ReplyMatcher"/>), codes found before shared in <paramref name="known"/>.</summary>
    public async Task<int?> MatchAsync(ReplyMatcher matcher, string? subject, IReadOnlyList<string> references,
        ConcurrentDictionary<string, int> known, CancellationToken cancellationToken)
    {
        if (matcher.VerifiedCodes(subject).FirstOrDefault() is { } code && known.TryGetValue(code, out var seen)) return seen;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await matcher.MatchAsync(db, subject, references, cancellationToken, known);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
