using FluentValidation;
using Sav.Domain.Documents;
using Sav.Domain.Journal;
using Sav.Domain.Tickets;
using Sav.Gateway.Forms.Pages;
using Sav.Gateway.Protection;

namespace Sav.Gateway.Forms;

/// <summary>What became of a submission; the API and the pages each say it their own way.</summary>
public abstract record SubmissionOutcome
{
    /// <param name="Deferred">Kept in the gateway's journal while the database is away, to be written when it is back.</param>
    public sealed record Accepted(string Ticket, string Context, string Status, bool Deferred = false) : SubmissionOutcome;
    public sealed record Invalid(IDictionary<string, string[]> Errors) : SubmissionOutcome;
    public sealed record UnknownContext : SubmissionOutcome;
    public sealed record TooLarge(string Detail) : SubmissionOutcome;
    public sealed record RateLimited(TimeSpan RetryAfter) : SubmissionOutcome;
    /// <summary>The database is away and the journal cannot take this one (a status request, no ticket number left).</summary>
    public sealed record Unavailable(TimeSpan RetryAfter) : SubmissionOutcome;
}

/// <summary>Maps the contract's fields to the domain's requests, for the API and the pages alike.</summary>
public sealed class FormSubmissions(TicketOpener opener, CustomerRequests requests, TicketDocuments documents, RateLimits limits,
    OutageJournal journal)
{
    /// <summary>When a customer may try again what the journal could not take.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <param name="page">The words of the public page the submission came from: the gateway's messages speak its
    /// language and a ticket opened there takes it. Null for the API, whose contract is French and leaves the
    /// language to the brand.</param>
    public async Task<SubmissionOutcome> SubmitAsync(FormKind kind, FormFields fields, CancellationToken cancellationToken,
        PageText? page = null)
    {
        try
        {
            return kind == FormKind.Open
                ? await OpenAsync(fields, page, cancellationToken)
                : await RequestAsync(kind, fields, cancellationToken);
        }
        catch (ValidationException e)
        {
            // Each field once, named as the form labels it, in the page's language (the API's contract is French).
            var text = page ?? PageText.French;
            return new SubmissionOutcome.Invalid(e.Errors.GroupBy(f => f.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(f => FieldMessage(f, text)).Distinct().Take(1).ToArray()));
        }
    }

    private async Task<SubmissionOutcome> OpenAsync(FormFields fields, PageText? page, CancellationToken cancellationToken)
    {
        var text = page ?? PageText.French;
        if (!TryWarranty(fields["WARRANTY"], out var warranty))
            return Invalid("WARRANTY", text.WarrantyInvalid);
        var (problem, fileName) = documents.Check(fields.Files);
        switch (problem)
        {
            case UploadProblem.TooLarge:
                return new SubmissionOutcome.TooLarge(text.Format(text.FileTooLarge, fileName ?? "", documents.MaxBytes / (1024 * 1024)));
            case UploadProblem.TooMany:
                return Invalid("FILES", text.Format(text.TooManyFiles, documents.MaxFiles));
            case UploadProblem.TypeNotAllowed:
                return Invalid("FILES", text.Format(text.FileTypeRefused, fileName ?? ""));
        }

        var request = new OpenTicket
        {
            Email = fields["EMAIL"] ?? "",
            Name = fields["NAME"] ?? "",
            Subject = fields["SUBJECT"] ?? "",
            Description = fields["DESCRIPTION"],
            Customer = fields["CUSTOMER"],
            Phone = fields["PHONE"],
            ProductFamily = fields["PRODUCT_FAMILY"] ?? "",
            Product = fields["PRODUCT"],
            Brand = fields["BRAND"],
            SerialNumber = fields["SERIAL_NUMBER"],
            OrderNumber = fields["ORDER_NUMBER"],
            InvoiceNumber = fields["INVOICE_NUMBER"],
            Warranty = warranty,
            Channel = Channel.Form,
            Language = page?.Language,
        };
        var actor = (fields["EMAIL"] ?? "").Trim();
        if (journal.Holding) return await JournalOpeningAsync(request, actor, fields.Files, cancellationToken);
        OpenedTicket opened;
        try
        {
            opened = await opener.OpenAsync(request, actor, cancellationToken);
        }
        catch (Exception e) when (DatabaseFailure.IsUnavailable(e))
        {
            return await JournalOpeningAsync(request, actor, fields.Files, cancellationToken);
        }
        await documents.AttachAsync(opened.Id, opened.Code, fields.Files, cancellationToken, missingOnly: opened.Duplicate);
        return new SubmissionOutcome.Accepted(opened.Code, opened.Context, opened.Status);
    }

    private async Task<SubmissionOutcome> JournalOpeningAsync(OpenTicket request, string actor, IReadOnlyList<Upload> files,
        CancellationToken cancellationToken) =>
        await journal.OpenAsync(request, actor, files, cancellationToken) is { } opened
            ? new SubmissionOutcome.Accepted(opened.Code, opened.Context, opened.Status, Deferred: true)
            : new SubmissionOutcome.Unavailable(RetryAfter);

    private async Task<SubmissionOutcome> RequestAsync(FormKind kind, FormFields fields, CancellationToken cancellationToken)
    {
        var context = fields["CONTEXT"] ?? "";
        if (context.Length > 0 && limits.AcquireForContext(context) is { } wait) return new SubmissionOutcome.RateLimited(wait);
        var text = kind == FormKind.Answer ? fields["ANSWER"] : fields["COMMENT"];
        var request = new CustomerRequest(kind.ToRequest(), context, text);
        // While the journal holds submissions a change joins them, to be applied after them; a status is read at once.
        if (kind == FormKind.Status || !journal.Holding)
        {
            try
            {
                var outcome = await requests.HandleAsync(request, cancellationToken);
                if (outcome is not null) return new SubmissionOutcome.Accepted(outcome.Code, outcome.Context, outcome.Status);
                if (!journal.Holding) return new SubmissionOutcome.UnknownContext();
            }
            catch (Exception e) when (DatabaseFailure.IsUnavailable(e))
            {
                // Kept below.
            }
        }
        // A status is read from the database (its ticket may still wait in the journal): only a change can wait for it.
        if (kind == FormKind.Status) return new SubmissionOutcome.Unavailable(RetryAfter);
        return await journal.RequestAsync(request) is { } kept
            ? new SubmissionOutcome.Accepted(kept.Code, kept.Context, kept.Status, Deferred: true)
            : new SubmissionOutcome.UnknownContext();
    }

    private static bool TryWarranty(string? text, out Warranty warranty)
    {
        warranty = text?.Trim().ToLowerInvariant() switch
        {
            null or "" => Warranty.Unknown,
            "yes" or "oui" or "y" or "o" or "true" => Warranty.Yes,
            "no" or "non" or "n" or "false" => Warranty.No,
            _ => (Warranty)(-1),
        };
        return Enum.IsDefined(warranty);
    }

    /// <summary>What a customer reads of a field the rules refuse: its label, never the contract's name.</summary>
    internal static string FieldMessage(FluentValidation.Results.ValidationFailure failure, PageText text)
    {
        var label = text.Labels.GetValueOrDefault(failure.PropertyName, failure.PropertyName);
        return failure.ErrorCode switch
        {
            "NotEmptyValidator" => text.Format(text.FieldRequired, label),
            "MaximumLengthValidator" => text.Format(text.FieldTooLong, label,
                failure.FormattedMessagePlaceholderValues?.GetValueOrDefault("MaxLength") ?? "?"),
            "EmailValidator" => text.Format(text.FieldNotEmail, label),
            _ => text.Format(text.FieldInvalid, label),
        };
    }

    private static SubmissionOutcome.Invalid Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
