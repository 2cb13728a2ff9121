using FluentValidation;
using Sav.Domain.Documents;
using Sav.Domain.Tickets;
using Sav.Gateway.Forms.Pages;
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
            Language = page?.Language,
        }, actor: (fields["EMAIL"] ?? "").Trim(), cancellationToken);
        await documents.AttachAsync(opened.Id, opened.Code, fields.Files, cancellationToken, missingOnly: opened.Duplicate);
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
