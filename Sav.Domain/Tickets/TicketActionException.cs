namespace Sav.Domain.Tickets;

/// <summary>Why an action on a ticket cannot be done.</summary>
public enum TicketProblem
{
    NoSuchTicket, NoSuchAnalyst, NoSuchStatus, SubjectRequired, FieldTooLong, NoSuchFamily, NoSuchProduct, ProductNotOfFamily,
    NoSuchBrand, NoSuchClient, EmptyMessage, MessageTooLong, PlaceholderLeft, MergeIntoItself, AlreadyMerged,
}

/// <summary>An action on a ticket refused, with its reason as a code: the host words it in the analyst's language
/// (« Actions.Problem.* » in the backoffice's resources), as for every message analysts read.</summary>
/// <param name="subject">What the problem is about (a product's name, a status code), shown with it; null if nothing.</param>
public sealed class TicketActionException(TicketProblem problem, string? subject = null)
    : InvalidOperationException(subject is null ? problem.ToString() : $"{problem}: {subject}")
{
    public TicketProblem Problem { get; } = problem;
    public string? Subject { get; } = subject;
}
