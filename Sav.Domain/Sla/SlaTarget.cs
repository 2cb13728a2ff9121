using Sav.Domain.Tickets;

namespace Sav.Domain.Sla;

/// <summary>A response target: the working hours allowed for the first answer and for closing, for the tickets of a brand
/// and/or a warranty answer (none: every ticket). A change ends the row (<see cref="ValidUntil"/>) and starts a new one: a
/// ticket keeps the target in force when it was opened.</summary>
public class SlaTarget
{
    public int Id { get; set; }
    public int? BrandId { get; set; }
    public Warranty? Warranty { get; set; }
    public double? AnswerHours { get; set; }
    public double? CloseHours { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }

    public bool InForceAt(DateTimeOffset at) => ValidFrom <= at && (ValidUntil is null || ValidUntil > at);
}

public enum SlaKind { Answer, Close }

public enum SlaState { OnTime, DueSoon, Late, Paused, Met, Missed }

/// <summary>Where a ticket stands against one target: <see cref="Left"/> is the working time left (negative: late by).</summary>
public sealed record SlaLine(SlaKind Kind, SlaState State, TimeSpan Left, DateTimeOffset? Due);

/// <summary>A ticket's two lines; the one to show is the first answer's until it is given, then the closing's.</summary>
public sealed record SlaView(SlaLine? Answer, SlaLine? Close)
{
    public SlaLine? Shown => Answer is { State: not (SlaState.Met or SlaState.Missed) } ? Answer : Close ?? Answer;
    public bool Late => Answer?.State == SlaState.Late || Close?.State == SlaState.Late;
}

/// <summary>What <see cref="SlaPolicy.Evaluate"/> needs of a ticket: its times and the spans it waited on someone else.</summary>
public sealed record SlaFacts(DateTimeOffset CreatedAt, DateTimeOffset? FirstAnsweredAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> Waiting);

public static class SlaPolicy
{
    /// <summary>A line is « due soon » with this share of its target or less left.</summary>
    public const double SoonShare = 0.25;

    /// <summary>The target in force when the ticket was opened that fits it best: its brand and warranty, its brand, its
    /// warranty, then the one for every ticket.</summary>
    public static SlaTarget? For(IEnumerable<SlaTarget> targets, int? brandId, Warranty warranty, DateTimeOffset openedAt) =>
        targets.Where(t => t.InForceAt(openedAt) && (t.BrandId is null || t.BrandId == brandId) && (t.Warranty is null || t.Warranty == warranty))
            .OrderByDescending(t => (t.BrandId is null ? 0 : 2) + (t.Warranty is null ? 0 : 1)).ThenByDescending(t => t.ValidFrom)
            .FirstOrDefault();

    public static SlaView Evaluate(SlaTarget target, SlaFacts facts, WorkingCalendar calendar, DateTimeOffset now) => new(
        target.AnswerHours is { } answer ? Line(SlaKind.Answer, answer, facts.FirstAnsweredAt, facts, calendar, now) : null,
        target.CloseHours is { } close ? Line(SlaKind.Close, close, facts.ClosedAt, facts, calendar, now) : null);

    private static SlaLine Line(SlaKind kind, double hours, DateTimeOffset? doneAt, SlaFacts facts, WorkingCalendar calendar, DateTimeOffset now)
    {
        var allowed = TimeSpan.FromHours(hours);
        var end = doneAt ?? now;
        var used = calendar.Between(facts.CreatedAt, end)
            - facts.Waiting.Aggregate(TimeSpan.Zero, (sum, w) => sum + calendar.Between(Max(w.From, facts.CreatedAt), Min(w.To ?? end, end)));
        var left = allowed - used;
        if (doneAt is not null) return new SlaLine(kind, left >= TimeSpan.Zero ? SlaState.Met : SlaState.Missed, left, null);
        if (facts.Waiting.Any(w => w.To is null)) return new SlaLine(kind, SlaState.Paused, left, null);
        if (left < TimeSpan.Zero) return new SlaLine(kind, SlaState.Late, left, null);
        var state = left.Ticks <= allowed.Ticks * SoonShare ? SlaState.DueSoon : SlaState.OnTime;
        return new SlaLine(kind, state, left, calendar.Add(now, left));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
