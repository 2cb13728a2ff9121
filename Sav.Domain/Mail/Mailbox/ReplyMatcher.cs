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
    public async Task<int?> MatchAsync(SavDbContext db, string? subject, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        foreach (var code in VerifiedCodes(subject))
        {
            var id = await db.Tickets.Where(t => t.Code == code).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is not null) return id;
        }
        if (references.Count == 0) return null;
        return await db.OutboxMessages.Where(m => references.Contains(m.MessageId) && m.TicketId != null)
            .OrderByDescending(m => m.Id).Select(m => m.TicketId).FirstOrDefaultAsync(cancellationToken);
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

    [GeneratedRegex(@"(?<![0-9A-Za-z])([0-9A-Za-z]{4,5})\s?#\s?([0-9A-Za-z]{5})(?![0-9A-Za-z])", RegexOptions.None, 200)]
    private static partial Regex Candidate();
}
