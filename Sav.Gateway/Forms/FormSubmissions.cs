using FluentValidation;
using Sav.Domain.Documents;
using Sav.Domain.Tickets;
using Sav.Gateway.Protection;

namespace Sav.Gateway.Forms;

/// <summary>What became of a submission; the API and the pages each say it their own way.</summary>
public abstract record SubmissionOutcome
{
    public sealed record Accepted(string Ticket, string Context, string Status) : SubmissionOutcome;
    public sealed record Invalid(IDictionary<string, string[]> Errors) : SubmissionOutcome;
    public sealed record UnknownContext : SubmissionOutcome;
    public sealed record TooLarge(string Detail) : SubmissionOutcome;
    public sealed record RateLimited(TimeSpan RetryAfter) : SubmissionOutcome;
}

/// <summary>Maps the contract's fields to the domain's requests, for the API and the pages alike.</summary>
public sealed class FormSubmissions(TicketOpener opener, CustomerRequests requests, TicketDocuments documents, RateLimits limits)
{
    public async Task<SubmissionOutcome> SubmitAsync(FormKind kind, FormFields fields, CancellationToken cancellationToken)
    {
        try
        {
            return kind == FormKind.Open
                ? await OpenAsync(fields, cancellationToken)
                : await RequestAsync(kind, fields, cancellationToken);
        }
        catch (ValidationException e)
        {
            return new SubmissionOutcome.Invalid(e.Errors.GroupBy(f => f.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));
        }
    }

    private async Task<SubmissionOutcome> OpenAsync(FormFields fields, CancellationToken cancellationToken)
    {
        if (!TryWarranty(fields["WARRANTY"], out var warranty))
            return Invalid("WARRANTY", "WARRANTY vaut yes, no, oui ou non.");
        var (problem, fileName) = documents.Check(fields.Files);
        switch (problem)
        {
            case UploadProblem.TooLarge:
                return new SubmissionOutcome.TooLarge($"Le fichier « {fileName} » dépasse {documents.MaxBytes / (1024 * 1024)} Mo.");
            case UploadProblem.TooMany:
                return Invalid("FILES", $"Au plus {documents.MaxFiles} fichiers par demande.");
            case UploadProblem.TypeNotAllowed:
                return Invalid("FILES", $"Le fichier « {fileName} » n'est pas d'un type accepté (photos, vidéos, PDF).");
        }

        var opened = await opener.OpenAsync(new OpenTicket
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
        }, actor: (fields["EMAIL"] ?? "").Trim(), cancellationToken);
        if (!opened.Duplicate) await documents.AttachAsync(opened.Id, opened.Code, fields.Files, cancellationToken);
        return new SubmissionOutcome.Accepted(opened.Code, opened.Context, opened.Status);
    }

    private async Task<SubmissionOutcome> RequestAsync(FormKind kind, FormFields fields, CancellationToken cancellationToken)
    {
        var context = fields["CONTEXT"] ?? "";
        if (context.Length > 0 && limits.AcquireForContext(context) is { } wait) return new SubmissionOutcome.RateLimited(wait);
        var text = kind == FormKind.Answer ? fields["ANSWER"] : fields["COMMENT"];
        var outcome = await requests.HandleAsync(new CustomerRequest(kind.ToRequest(), context, text), cancellationToken);
        return outcome is null
            ? new SubmissionOutcome.UnknownContext()
            : new SubmissionOutcome.Accepted(outcome.Code, outcome.Context, outcome.Status);
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

    private static SubmissionOutcome.Invalid Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
