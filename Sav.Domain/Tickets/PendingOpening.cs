using Sav.Domain.Mail.Outbox;

namespace Sav.Domain.Tickets;

/// <summary>An opening whose checks and matching are done, waiting for the writer.</summary>
internal sealed class PendingOpening(OpenTicket request, string actor, string key, DateTimeOffset now,
    TicketOpener.Catalogue catalogue, OutboxDraft confirmation, CancellationToken cancellation)
{
    /// <summary>The confirmation mail, rendered but for the code.</summary>
    public OutboxDraft Confirmation { get; } = confirmation;
    public OpenTicket Request { get; } = request;
    public string Actor { get; } = actor;
    public string Key { get; } = key;
    public DateTimeOffset Now { get; } = now;
    public TicketOpener.Catalogue Catalogue { get; } = catalogue;
    public CancellationToken Cancellation { get; } = cancellation;
    /// <summary>The ticket number reserved for a journalled opening; null takes the next one.</summary>
    public long? Number { get; init; }
    public TaskCompletionSource<OpenedTicket> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
