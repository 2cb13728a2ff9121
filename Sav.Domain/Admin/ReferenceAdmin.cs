using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Domain.Admin;

/// <summary>Why a change to reference data is refused.</summary>
public enum ReferenceProblem
{
    NotFound, StatusCodeFormat, LabelRequired, CodeTaken, LifecycleStatus, StatusInUse, FamilyRequired, SenderNotAnAddress,
    ReplyToNotAnAddress, ColourFormat, LinkNotWeb, DefaultBrandNeeded, NotAnAddress, AlreadyAnAnalyst, LastAdmin, CodeFormat, NameRequired,
}

/// <summary>A change to reference data that breaks a rule, with its reason as a code: the host words it in the
/// administrator's language (« Reference.Problem.* » in the backoffice's resources), as for ticket actions.</summary>
/// <param name="subject">What the problem is about (a code, an address, a link), shown with it; null if nothing.</param>
public sealed class ReferenceDataException(ReferenceProblem problem, string? subject = null)
    : Exception(subject is null ? problem.ToString() : $"{problem}: {subject}")
{
    public ReferenceProblem Problem { get; } = problem;
    public string? Subject { get; } = subject;
}

/// <summary>The rules of the reference data administrators edit: statuses, catalogue, brands, analysts.</summary>
public static partial class ReferenceAdmin
{
    public static async Task<Status> SaveStatusAsync(SavDbContext db, Status edit, CancellationToken cancellationToken = default)
    {
        var code = edit.Code.Trim().ToLowerInvariant();
        if (!StatusCode().IsMatch(code)) Fail(ReferenceProblem.StatusCodeFormat);
        if (string.IsNullOrWhiteSpace(edit.Label)) Fail(ReferenceProblem.LabelRequired);
        if (await db.Statuses.AnyAsync(s => s.Code == code && s.Id != edit.Id, cancellationToken)) Fail(ReferenceProblem.CodeTaken, code);

        var status = edit.Id == 0 ? db.Statuses.Add(new Status()).Entity
            : await db.Statuses.SingleOrDefaultAsync(s => s.Id == edit.Id, cancellationToken) ?? throw new ReferenceDataException(ReferenceProblem.NotFound);
        if (WellKnownStatus.Seed.FirstOrDefault(s => s.Code == status.Code) is { } wellKnown && edit.Id != 0)
        {
            // The lifecycle moves tickets to these: they must stay, with their meaning.
            if (code != status.Code || !edit.Active || edit.Category != wellKnown.Category)
                Fail(ReferenceProblem.LifecycleStatus, status.Code);
        }
        if (!edit.Active && status.Id != 0 && await db.Tickets.AnyAsync(t => t.StatusId == status.Id, cancellationToken))
            Fail(ReferenceProblem.StatusInUse);

        (status.Code, status.Label, status.LabelEn, status.Category, status.Order, status.Active) =
            (code, edit.Label.Trim(), Clean(edit.LabelEn), edit.Category, edit.Order, edit.Active);
        (status.CustomerLabel, status.CustomerLabelEn) = (Clean(edit.CustomerLabel), Clean(edit.CustomerLabelEn));
        await db.SaveChangesAsync(cancellationToken);
        return status;
    }

    public static async Task<ProductFamily> SaveFamilyAsync(SavDbContext db, ProductFamily edit, CancellationToken cancellationToken = default)
    {
        var (code, name) = CodeAndName(edit.Code, edit.Name);
        if (await db.ProductFamilies.AnyAsync(f => f.Code == code && f.Id != edit.Id, cancellationToken)) Fail(ReferenceProblem.CodeTaken, code);
        var family = edit.Id == 0 ? db.ProductFamilies.Add(new ProductFamily()).Entity
            : await db.ProductFamilies.SingleOrDefaultAsync(f => f.Id == edit.Id, cancellationToken) ?? throw new ReferenceDataException(ReferenceProblem.NotFound);
        (family.Code, family.Name, family.Order, family.Active) = (code, name, edit.Order, edit.Active);
        family.NameEn = Clean(edit.NameEn);
        await db.SaveChangesAsync(cancellationToken);
        return family;
    }

    public static async Task<Product> SaveProductAsync(SavDbContext db, Product edit, CancellationToken cancellationToken = default)
    {
        var (code, name) = CodeAndName(edit.Code, edit.Name);
        if (await db.Products.AnyAsync(p => p.Code == code && p.Id != edit.Id, cancellationToken)) Fail(ReferenceProblem.CodeTaken, code);
        if (!await db.ProductFamilies.AnyAsync(f => f.Id == edit.ProductFamilyId, cancellationToken)) Fail(ReferenceProblem.FamilyRequired);
        var product = edit.Id == 0 ? db.Products.Add(new Product()).Entity
            : await db.Products.SingleOrDefaultAsync(p => p.Id == edit.Id, cancellationToken) ?? throw new ReferenceDataException(ReferenceProblem.NotFound);
        (product.Code, product.Name, product.ProductFamilyId, product.Active) = (code, name, edit.ProductFamilyId, edit.Active);
        product.NameEn = Clean(edit.NameEn);
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    public static async Task<Brand> SaveBrandAsync(SavDbContext db, Brand edit, CancellationToken cancellationToken = default)
    {
        var (code, name) = CodeAndName(edit.Code, edit.Name);
        if (await db.Brands.AnyAsync(b => b.Code == code && b.Id != edit.Id, cancellationToken)) Fail(ReferenceProblem.CodeTaken, code);
        if (!System.Net.Mail.MailAddress.TryCreate(edit.SenderAddress?.Trim(), out _)) Fail(ReferenceProblem.SenderNotAnAddress);
        if (!string.IsNullOrWhiteSpace(edit.ReplyTo) && !System.Net.Mail.MailAddress.TryCreate(edit.ReplyTo.Trim(), out _))
            Fail(ReferenceProblem.ReplyToNotAnAddress);
        if (!Color().IsMatch(edit.PrimaryColor ?? "") || !Color().IsMatch(edit.AccentColor ?? "")) Fail(ReferenceProblem.ColourFormat);
        foreach (var link in new[] { edit.OpenLink, edit.StatusLink, edit.CloseLink, edit.ReopenLink, edit.AnswerLink }.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            if (!Uri.TryCreate(link!.Replace("{context}", "X", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                Fail(ReferenceProblem.LinkNotWeb, link);
        }

        var brand = edit.Id == 0 ? db.Brands.Add(new Brand()).Entity
            : await db.Brands.SingleOrDefaultAsync(b => b.Id == edit.Id, cancellationToken) ?? throw new ReferenceDataException(ReferenceProblem.NotFound);
        if (brand.IsDefault && !edit.IsDefault) Fail(ReferenceProblem.DefaultBrandNeeded);
        if (edit.IsDefault && !brand.IsDefault)
            await db.Brands.Where(b => b.IsDefault).ForEachAsync(b => b.IsDefault = false, cancellationToken);
        (brand.Code, brand.Name, brand.SenderName, brand.SenderAddress, brand.ReplyTo, brand.PrimaryColor, brand.AccentColor) =
            (code, name, string.IsNullOrWhiteSpace(edit.SenderName) ? name : edit.SenderName.Trim(), edit.SenderAddress!.Trim(),
             Clean(edit.ReplyTo), edit.PrimaryColor!, edit.AccentColor!);
        (brand.BannerUrl, brand.Language, brand.IsDefault, brand.SmsEnabled) =
            (Clean(edit.BannerUrl), edit.Language == "en" ? "en" : "fr", edit.IsDefault, edit.SmsEnabled);
        (brand.OpenLink, brand.StatusLink, brand.CloseLink, brand.ReopenLink, brand.AnswerLink) =
            (Clean(edit.OpenLink), Clean(edit.StatusLink), Clean(edit.CloseLink), Clean(edit.ReopenLink), Clean(edit.AnswerLink));
        await db.SaveChangesAsync(cancellationToken);
        return brand;
    }

    public static async Task<Analyst> SaveAnalystAsync(SavDbContext db, Analyst edit, CancellationToken cancellationToken = default)
    {
        var email = edit.Email.Trim().ToLowerInvariant();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) Fail(ReferenceProblem.NotAnAddress, email);
        if (await db.Analysts.AnyAsync(a => a.Email == email && a.Id != edit.Id, cancellationToken)) Fail(ReferenceProblem.AlreadyAnAnalyst, email);
        var analyst = edit.Id == 0 ? db.Analysts.Add(new Analyst()).Entity
            : await db.Analysts.SingleOrDefaultAsync(a => a.Id == edit.Id, cancellationToken) ?? throw new ReferenceDataException(ReferenceProblem.NotFound);
        var losesAdmin = analyst is { Role: AnalystRole.Admin, Active: true } && (edit.Role != AnalystRole.Admin || !edit.Active);
        if (losesAdmin && !await db.Analysts.AnyAsync(a => a.Id != analyst.Id && a.Role == AnalystRole.Admin && a.Active, cancellationToken))
            Fail(ReferenceProblem.LastAdmin);
        (analyst.Email, analyst.DisplayName, analyst.Role, analyst.Active) =
            (email, string.IsNullOrWhiteSpace(edit.DisplayName) ? email.Split('@')[0] : edit.DisplayName.Trim(), edit.Role, edit.Active);
        await db.SaveChangesAsync(cancellationToken);
        return analyst;
    }

    private static (string Code, string Name) CodeAndName(string? code, string? name)
    {
        code = code?.Trim() ?? "";
        if (!ReferenceCode().IsMatch(code)) Fail(ReferenceProblem.CodeFormat);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100) Fail(ReferenceProblem.NameRequired);
        return (code, name!.Trim());
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(ReferenceProblem problem, string? subject = null) => throw new ReferenceDataException(problem, subject);

    [GeneratedRegex("^[a-z][0-9]{2}$")]
    private static partial Regex StatusCode();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex ReferenceCode();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Color();
}
