using FluentValidation;

namespace Sav.Domain.Tickets;

/// <summary>What a customer can ask about a ticket they hold the context of.</summary>
public enum RequestKind { Status, Close, Reopen, Answer }

/// <summary>A request on an existing ticket; <see cref="Text"/> is the COMMENT, or the ANSWER.</summary>
public sealed record CustomerRequest(RequestKind Kind, string Context, string? Text = null, Channel Channel = Channel.Form)
{
    /// <summary>A journalled request replayed: its journal id, so that it is applied once, and when it came.</summary>
    public string? ReplayKey { get; init; }
    public DateTimeOffset? At { get; init; }
}

/// <summary>The ticket after the request, and the mail that tells the customer (none for an answer).</summary>
public sealed record RequestOutcome(string Code, string Context, string Status, string? Mail);

/// <summary>Field names are those of the public form contract.</summary>
public sealed class CustomerRequestValidator : AbstractValidator<CustomerRequest>
{
    public CustomerRequestValidator()
    {
        // One message per field: an empty e-mail is missing, not also malformed.
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Context).NotEmpty().MaximumLength(64).OverridePropertyName("CONTEXT");
        When(x => x.Kind == RequestKind.Answer, () =>
            RuleFor(x => x.Text).NotEmpty().MaximumLength(Limits.Comment).Must(FormText.IsText).OverridePropertyName("ANSWER"));
        When(x => x.Kind != RequestKind.Answer, () =>
            RuleFor(x => x.Text).MaximumLength(Limits.Comment).Must(FormText.IsText).OverridePropertyName("COMMENT"));
    }
}
