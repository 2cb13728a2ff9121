using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>Finds the ticket a reply belongs to: the context in its subject (anywhere, behind any RE:, TR:,
/// Fwd:, AW:, [EXT] prefixes), verified; otherwise the Sav mail it answers (In-Reply-To, References).
/// A context whose control does not verify never files anything.</summary>
public sealed partial class ReplyMatcher(TicketContexts contexts)
{
    /// <param name="known">Ticket ids by code found before, shared by the messages of one sweep (a code never changes ticket).</param>
    public async Task<int?> MatchAsync(SavDbContext db, string? subject, IReadOnlyList<string> references, CancellationToken cancellationToken,
        ConcurrentDictionary<string, int>? known = null)
    {
        foreach (var code in VerifiedCodes(subject))
        {
            if (known is not null && known.TryGetValue(code, out var seen)) return seen;
            var id = await db.Tickets.Where(t => t.Code == code).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is null) continue;
            // A reply about a merged ticket is filed on the ticket it was merged into.
            id = await TicketMerge.FollowAsync(db, id.Value, cancellationToken);
            known?.TryAdd(code, id.Value);
            return id;
        }
        if (references.Count == 0) return null;
        var answered = await db.OutboxMessages.Where(m => references.Contains(m.MessageId) && m.TicketId != null)
            .OrderByDescending(m => m.Id).Select(m => m.TicketId).FirstOrDefaultAsync(cancellationToken);
        return answered is { } ticketId ? await TicketMerge.FollowAsync(db, ticketId, cancellationToken) : null;
    }

    /// <summary>The ticket codes of the contexts in a subject whose control is right.</summary>
    public IEnumerable<string> VerifiedCodes(string? subject)
    {
        if (string.IsNullOrEmpty(subject)) yield break;
        foreach (Match match in Candidate().Matches(subject.Length > 2000 ? subject[..2000] : subject))
        {
            if (contexts.TryVerify($"{match.Groups[1].Value}#{match.Groups[2].Value}", out var code)) yield return code;
        }
    }

    /// <summary>Whether the subject carries something shaped like a context, verified or not: enough to tell a list's
    /// reply to a ticket from a list's own mail.</summary>
    public static bool HasContextCandidate(string? subject) =>
        !string.IsNullOrEmpty(subject) && Candidate().IsMatch(subject.Length > 2000 ? subject[..2000] : subject);

    [GeneratedRegex(@"(?<![0-9A-Za-z])([0-9A-Za-z]{4,5})\s?#\s?([0-9A-Za-z]{5})(?![0-9A-Za-z])", RegexOptions.None, 200)]
    private static partial Regex Candidate();
}
