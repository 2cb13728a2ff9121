using FluentValidation;

namespace Sav.Domain.Tickets;

/// <summary>A customer's request for a new ticket, from a form, a mail or an analyst.</summary>
public sealed record OpenTicket
{
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public string Subject { get; init; } = "";
    public string? Description { get; init; }
    public string? Customer { get; init; }
    public string? Phone { get; init; }
    public string ProductFamily { get; init; } = "";
    public string? Product { get; init; }
    public string? Brand { get; init; }
    public string? SerialNumber { get; init; }
    public string? OrderNumber { get; init; }
    public string? InvoiceNumber { get; init; }
    public Warranty Warranty { get; init; }
    public Channel Channel { get; init; } = Channel.Form;
    public string? Language { get; init; }
    /// <summary>Set when an analyst opens the ticket for a known client.</summary>
    public int? ClientId { get; init; }
}

public sealed record OpenedTicket(int Id, string Code, string Context, string Status, bool Duplicate);

/// <summary>Field names are those of the public form contract, so a 400 names what the customer sent.</summary>
public sealed class OpenTicketValidator : AbstractValidator<OpenTicket>
{
    public OpenTicketValidator()
    {
        // One message per field: an empty e-mail is missing, not also malformed.
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Email).NotEmpty().MaximumLength(Limits.Email).EmailAddress()
            .Must(FormText.IsSingleLine).WithName("EMAIL").OverridePropertyName("EMAIL");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.Name).Must(FormText.IsSingleLine).OverridePropertyName("NAME");
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(Limits.Subject).Must(FormText.IsSingleLine).OverridePropertyName("SUBJECT");
        RuleFor(x => x.Description).MaximumLength(Limits.Description).Must(FormText.IsText).OverridePropertyName("DESCRIPTION");
        RuleFor(x => x.Customer).MaximumLength(Limits.Name).Must(FormText.IsSingleLine).OverridePropertyName("CUSTOMER");
        RuleFor(x => x.Phone).MaximumLength(Limits.Phone).Must(FormText.IsSingleLine).OverridePropertyName("PHONE");
        RuleFor(x => x.ProductFamily).NotEmpty().MaximumLength(Limits.Name).Must(FormText.IsSingleLine).OverridePropertyName("PRODUCT_FAMILY");
        RuleFor(x => x.Product).MaximumLength(Limits.Name).Must(FormText.IsSingleLine).OverridePropertyName("PRODUCT");
        RuleFor(x => x.Brand).MaximumLength(Limits.Name).Must(FormText.IsSingleLine).OverridePropertyName("BRAND");
        RuleFor(x => x.SerialNumber).MaximumLength(Limits.Reference).Must(FormText.IsSingleLine).OverridePropertyName("SERIAL_NUMBER");
        RuleFor(x => x.OrderNumber).MaximumLength(Limits.Reference).Must(FormText.IsSingleLine).OverridePropertyName("ORDER_NUMBER");
        RuleFor(x => x.InvoiceNumber).MaximumLength(Limits.Reference).Must(FormText.IsSingleLine).OverridePropertyName("INVOICE_NUMBER");
        RuleFor(x => x.Language).Must(l => l is null or "fr" or "en").OverridePropertyName("LANGUAGE");
    }
}

public static class FormText
{
    /// <summary>No control characters at all (a name, a subject, a reference).</summary>
    public static bool IsSingleLine(string? value) => value is null || !value.Any(char.IsControl);

    /// <summary>Line breaks and tabs, but no other control character.</summary>
    public static bool IsText(string? value) =>
        value is null || !value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}
