using MimeKit;

namespace Sav.Domain.Reports.Weekly;

/// <summary>The settings under <c>Reports</c>: who receives the weekly report, in which language.</summary>
public class WeeklyReportOptions
{
    public const string Section = "Reports";

    /// <summary>The addresses that receive the report each Monday; none (the default) sends nothing. An entry may hold
    /// several addresses separated by commas or semicolons (one environment variable for all of them).</summary>
    public string[] WeeklyTo { get; set; } = [];

    /// <summary>The report's language: fr (the default) or en.</summary>
    public string WeeklyLanguage { get; set; } = "fr";

    /// <summary>Each address once (« Direction &lt;direction@example.org&gt; » and « direction@example.org » are one), as
    /// first written.</summary>
    public IReadOnlyList<string> Recipients() =>
        WeeklyTo.SelectMany(entry => (entry ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .DistinctBy(r => (MailboxAddress.TryParse(r, out var address) ? address.Address : r).ToLowerInvariant()).ToList();

    /// <summary>The entries that are not a mail address, for the error that stops the backoffice at start.</summary>
    public IReadOnlyList<string> Invalid() =>
        Recipients().Where(r => !MailboxAddress.TryParse(r, out var address) || !address.Address.Contains('@')
            || address.Address.StartsWith('@') || address.Address.EndsWith('@')).ToList();
}
