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

/// <summary>A ticket's target, as given at its opening.</summary>
public sealed record SlaStart(int TargetId, DateTimeOffset? AnswerDueAt, DateTimeOffset? CloseDueAt);

/// <summary>What a ticket keeps of its target (see <see cref="Ticket.SlaTargetId"/>), with its first answer and closing.</summary>
public sealed record SlaFacts(DateTimeOffset? AnswerDueAt, DateTimeOffset? CloseDueAt, DateTimeOffset? PausedAt,
    DateTimeOffset? FirstAnsweredAt, DateTimeOffset? ClosedAt)
{
    public static SlaFacts Of(Ticket ticket) => new(ticket.AnswerDueAt, ticket.CloseDueAt, ticket.SlaPausedAt, ticket.FirstAnsweredAt, ticket.ClosedAt);
}

/// <summary>How a ticket's target runs: started at the opening with the target then in force, paused while the ticket
/// waits on the customer or a third party, moved on at the end of each pause by the working time it lasted. Each change
/// is worked out once, when it happens (<see cref="SlaClock"/>), so that lists, counts and reports read stored instants. A
/// reopened ticket takes its deadlines up where they were: the time it spent closed counts (it was not solved).</summary>
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

    /// <summary>What a ticket opened at <paramref name="openedAt"/> gets of <paramref name="target"/>: the first answer and
    /// the closing fall due after their working hours.</summary>
    public static SlaStart Dues(SlaTarget target, DateTimeOffset openedAt, WorkingCalendar calendar) => new(target.Id,
        target.AnswerHours is { } answer ? Utc(calendar.Add(openedAt, TimeSpan.FromHours(answer))) : null,
        target.CloseHours is { } close ? Utc(calendar.Add(openedAt, TimeSpan.FromHours(close))) : null);

    /// <summary>Gives an opened ticket its target.</summary>
    public static void Start(Ticket ticket, SlaStart start)
    {
        (ticket.SlaTargetId, ticket.AnswerDueAt, ticket.CloseDueAt) = (start.TargetId, start.AnswerDueAt, start.CloseDueAt);
        Refresh(ticket);
    }

    /// <summary>The ticket starts waiting on someone else at <paramref name="at"/>.</summary>
    public static void Pause(Ticket ticket, DateTimeOffset at)
    {
        ticket.SlaPausedAt ??= at;
        Refresh(ticket);
    }

    /// <summary>The wait ends at <paramref name="at"/>: what is still to do falls due later by the working time it lasted.</summary>
    public static void Resume(Ticket ticket, DateTimeOffset at, WorkingCalendar calendar)
    {
        if (ticket.SlaPausedAt is not { } since) return;
        // A closed ticket never waits: the wait ends before the closing, if the two come together.
        var waited = calendar.Between(since, at);
        if (ticket.FirstAnsweredAt is null) ticket.AnswerDueAt = Later(ticket.AnswerDueAt, waited, calendar);
        ticket.CloseDueAt = Later(ticket.CloseDueAt, waited, calendar);
        ticket.SlaPausedAt = null;
        Refresh(ticket);
    }

    /// <summary>The first answer given while the ticket waits: its line stops where it stood.</summary>
    public static void Answered(Ticket ticket, WorkingCalendar calendar)
    {
        if (ticket.SlaPausedAt is { } since && ticket.FirstAnsweredAt is { } answered)
            ticket.AnswerDueAt = Later(ticket.AnswerDueAt, calendar.Between(since, answered), calendar);
        Refresh(ticket);
    }

    /// <summary>The next deadline while the clock runs: the first answer's until it is given, the closing's; none while the
    /// ticket waits or once it is closed.</summary>
    public static void Refresh(Ticket ticket) => ticket.SlaDueAt =
        ticket.SlaTargetId is null || ticket.SlaPausedAt is not null || ticket.ClosedAt is not null ? null
        : ticket.FirstAnsweredAt is null ? Min(ticket.AnswerDueAt, ticket.CloseDueAt)
        : ticket.CloseDueAt;

    /// <summary>Where the ticket stands at <paramref name="now"/> against <paramref name="target"/>, the one it was given.</summary>
    public static SlaView View(SlaTarget target, SlaFacts facts, WorkingCalendar calendar, DateTimeOffset now) => new(
        target.AnswerHours is { } answer && facts.AnswerDueAt is { } answerDue
            ? Line(SlaKind.Answer, answer, answerDue, facts.FirstAnsweredAt, facts, calendar, now) : null,
        target.CloseHours is { } close && facts.CloseDueAt is { } closeDue
            ? Line(SlaKind.Close, close, closeDue, facts.ClosedAt, facts, calendar, now) : null);

    private static SlaLine Line(SlaKind kind, double hours, DateTimeOffset due, DateTimeOffset? doneAt, SlaFacts facts,
        WorkingCalendar calendar, DateTimeOffset now)
    {
        if (doneAt is { } done) return new SlaLine(kind, done <= due ? SlaState.Met : SlaState.Missed, Left(done, due, calendar), null);
        if (facts.PausedAt is { } since) return new SlaLine(kind, SlaState.Paused, Left(since, due, calendar), null);
        var left = Left(now, due, calendar);
        if (now > due) return new SlaLine(kind, SlaState.Late, left, null);
        var state = left.Ticks <= TimeSpan.FromHours(hours).Ticks * SoonShare ? SlaState.DueSoon : SlaState.OnTime;
        return new SlaLine(kind, state, left, due);
    }

    /// <summary>The working time from <paramref name="at"/> to <paramref name="due"/>; negative once past it.</summary>
    private static TimeSpan Left(DateTimeOffset at, DateTimeOffset due, WorkingCalendar calendar) =>
        at <= due ? calendar.Between(at, due) : -calendar.Between(due, at);

    private static DateTimeOffset? Later(DateTimeOffset? due, TimeSpan by, WorkingCalendar calendar) =>
        due is { } d && by > TimeSpan.Zero ? Utc(calendar.Add(d, by)) : due;

    private static DateTimeOffset Utc(DateTimeOffset at) => at.ToUniversalTime();

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
