namespace Sav.Domain.Clients;

/// <summary>What a submission may change of a contact already on record. A public form proves nothing about who fills it:
/// it may add what the record lacks, never overwrite what an analyst or an earlier submission recorded (« Marie » does
/// not rename « Marie Durand »). What differs is kept in the ticket's history for an analyst to accept.</summary>
public static class ContactRules
{
    /// <summary>The audit reason of a value a submission proposed and the record kept.</summary>
    public const string ProposedReason = "SubmissionDiffers";
    public const string NameField = "ContactName";
    public const string PhoneField = "ContactPhone";

    public static (string Name, string? Phone, IReadOnlyList<(string Field, string? Known, string Proposed)> Proposals) Merge(
        string? knownName, string? knownPhone, string? name, string? phone)
    {
        var proposals = new List<(string, string?, string)>();
        var keptName = Keep(knownName, name, NameField, proposals) ?? "";
        var keptPhone = Keep(knownPhone, phone, PhoneField, proposals);
        return (keptName, keptPhone, proposals);
    }

    private static string? Keep(string? known, string? proposed, string field, List<(string, string?, string)> proposals)
    {
        if (string.IsNullOrWhiteSpace(known)) return string.IsNullOrWhiteSpace(proposed) ? known : proposed.Trim();
        if (!string.IsNullOrWhiteSpace(proposed) && !string.Equals(known.Trim(), proposed.Trim(), StringComparison.OrdinalIgnoreCase))
            proposals.Add((field, known, proposed.Trim()));
        return known;
    }
}
