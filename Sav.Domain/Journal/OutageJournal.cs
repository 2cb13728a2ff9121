using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sav.Domain.Data;
using Sav.Domain.Documents;
using Sav.Domain.Tickets;

namespace Sav.Domain.Journal;

/// <summary><c>Gateway:Journal</c>: where a gateway keeps the submissions its database could not take, and how many
/// ticket numbers it reserves ahead to give while the database is away.</summary>
public sealed class JournalOptions
{
    public const string Section = "Gateway:Journal";

    /// <summary>The journal's folder, on a local disk of the gateway's own (relative: to the gateway's folder). One per gateway.</summary>
    public string Folder { get; set; } = "journal";

    /// <summary>How many ticket numbers a gateway keeps reserved; a new block is reserved when half are given.</summary>
    public int Numbers { get; set; } = 100;

    /// <summary>How often the journal is replayed while it holds submissions, and reported to « Santé ».</summary>
    public TimeSpan ReplayEvery { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Keeps a customer's submission when the database is away, and writes it when it is back. An opening is answered with
/// a true context: its number was reserved in the database before it went away. A close, reopen or answer is kept for
/// later, its context checked (a forged one is refused as always). While the journal holds anything, new submissions
/// join it, so that they are replayed after it, in the order they came, each once.
/// </summary>
public sealed class OutageJournal(
    SubmissionJournal journal,
    IOptions<JournalOptions> options,
    TicketOpener opener,
    CustomerRequests requests,
    FluentValidation.IValidator<CustomerRequest> requestValidator,
    TicketContexts contexts,
    TicketDocuments documents,
    IDbContextFactory<SavDbContext> dbFactory,
    TimeProvider clock,
    ILogger<OutageJournal> logger)
{
    /// <summary>What a journalled submission's answer says of its ticket.</summary>
    public const string ReceivedStatus = "Reçu, sera traité dès que possible";

    public SubmissionJournal Journal => journal;

    /// <summary>Whether submissions wait: new ones must join them.</summary>
    public bool Holding => journal.Waiting.Count > 0;

    /// <summary>Journals an opening and gives its ticket's code and context; null when no reserved number is left.</summary>
    /// <exception cref="FluentValidation.ValidationException">when a field is missing, too long or malformed.</exception>
    public async Task<OpenedTicket?> OpenAsync(OpenTicket request, string actor, IReadOnlyList<Upload> files, CancellationToken cancellationToken)
    {
        var (prepared, key) = opener.Prepare(request);
        var entry = await journal.AddOpeningAsync(prepared, actor, key, clock.GetUtcNow(), files, cancellationToken);
        if (entry is null) return null;
        var code = TicketCode.FromNumber(entry.Number);
        return new OpenedTicket(0, code, contexts.For(code).ToString(), ReceivedStatus, Duplicate: false);
    }

    /// <summary>Journals a request on a ticket's context; null when the context is forged.</summary>
    /// <exception cref="FluentValidation.ValidationException">when a field is missing, too long or malformed.</exception>
    public async Task<RequestOutcome?> RequestAsync(CustomerRequest request)
    {
        await FluentValidation.DefaultValidatorExtensions.ValidateAndThrowAsync(requestValidator, request);
        if (!contexts.TryVerify(request.Context, out var code)) return null;
        await journal.AddRequestAsync(request, clock.GetUtcNow());
        return new RequestOutcome(code, contexts.For(code).ToString(), ReceivedStatus, null);
    }

    /// <summary>Replays what waits, oldest first, until the database fails again. Returns how many were replayed.</summary>
    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        foreach (var entry in journal.Pending())
        {
            try
            {
                if (entry.Opening is { } opening) await ReplayOpeningAsync(entry, opening, cancellationToken);
                else if (entry.Request is { } request
                         && await requests.HandleAsync(request with { ReplayKey = entry.Id, At = entry.At }, cancellationToken) is null)
                    logger.LogWarning("A journalled {Kind} request names no ticket ({Context}): dropped.", request.Kind, request.Context);
                await journal.DoneAsync(entry);
                replayed++;
            }
            catch (Exception e) when (DatabaseFailure.IsUnavailable(e))
            {
                logger.LogInformation("The database is still away: {Waiting} submissions wait in the journal.", journal.Waiting.Count);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "A journalled submission cannot be replayed: set aside in {Folder}/failed.log.", journal.Folder);
                await journal.SetAsideAsync(entry, e.Message);
            }
        }
        return replayed;
    }

    /// <summary>Writes the ticket with its reserved number unless it is there already (the gateway stopped between the
    /// ticket and noting it), then the files it does not have yet.</summary>
    private async Task ReplayOpeningAsync(JournalEntry entry, OpenTicket opening, CancellationToken cancellationToken)
    {
        var code = TicketCode.FromNumber(entry.Number);
        int id;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            id = await db.Tickets.Where(t => t.Code == code).Select(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        if (id == 0)
            id = (await opener.ReplayAsync(opening, entry.Actor ?? opening.Email, entry.Key ?? "", entry.At, entry.Number, cancellationToken)).Id;
        await documents.AttachAsync(id, code, entry.Files.Select(f => f.ToUpload()).ToList(), cancellationToken, missingOnly: true);
    }

    /// <summary>Reserves a new block of numbers when fewer than half are left. False when the database is away.</summary>
    public async Task<bool> ReserveAsync(CancellationToken cancellationToken)
    {
        var wanted = Math.Max(1, options.Value.Numbers);
        if (journal.NumbersLeft * 2 > wanted) return true;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (from, to) = await TicketCode.ReserveAsync(db, wanted, cancellationToken);
            await journal.AddNumbersAsync(from, to);
            return true;
        }
        catch (Exception e) when (DatabaseFailure.IsUnavailable(e))
        {
            return false;
        }
    }

    /// <summary>Tells « Santé » how the journal stands. False when the database is away.</summary>
    public async Task<bool> ReportAsync(string gateway, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.GatewayJournals.FindAsync([gateway], cancellationToken);
            if (row is null) db.GatewayJournals.Add(row = new GatewayJournal { Gateway = gateway });
            (row.Waiting, row.Since) = journal.Waiting;
            row.NumbersLeft = journal.NumbersLeft;
            row.ReportedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (DatabaseFailure.IsUnavailable(e) || e is DbUpdateException)
        {
            return false;
        }
    }
}
