namespace Sav.Domain.Tickets;

public enum StatusCategory { Open, WaitingOnCustomer, WaitingOnThirdParty, Closed }

/// <summary>Reference data in the seed's style: <c>a10. Nouveau</c>. Codes sort the list.</summary>
public class Status
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public string? LabelEn { get; set; }
    /// <summary>What customers read of the status in their mails (« Nouvelle demande, en attente de prise en charge »),
    /// in French and English; the analysts' label, without its code, when not set.</summary>
    public string? CustomerLabel { get; set; }
    public string? CustomerLabelEn { get; set; }
    public StatusCategory Category { get; set; }
    public int Order { get; set; }
    public bool Active { get; set; } = true;

    public string Display => $"{Code}. {Label}";
    public string DisplayIn(string language) =>
        language == "en" && !string.IsNullOrEmpty(LabelEn) ? $"{Code}. {LabelEn}" : Display;

    /// <summary>The wording meant for customers, never the team's code.</summary>
    public string ForCustomer(string language) => language == "en"
        ? FirstSet(CustomerLabelEn, LabelEn, CustomerLabel, Label)
        : FirstSet(CustomerLabel, Label);

    private static string FirstSet(params string?[] texts) => texts.First(t => !string.IsNullOrWhiteSpace(t))!;
}

/// <summary>The statuses the lifecycle moves tickets to; the others are the team's own.</summary>
public static class WellKnownStatus
{
    public const string New = "a10";
    public const string ActionRequired = "b10";
    public const string WaitingOnCustomer = "c20";
    public const string Closed = "z10";

    public static IReadOnlyList<Status> Seed { get; } =
    [
        new() { Code = "a10", Label = "Nouveau", LabelEn = "New", CustomerLabel = "Nouvelle demande, en attente de prise en charge", CustomerLabelEn = "New request, waiting to be taken in charge",
            Category = StatusCategory.Open, Order = 10 },
        new() { Code = "a20", Label = "Pris en charge", LabelEn = "Taken in charge", CustomerLabel = "Prise en charge par notre équipe", CustomerLabelEn = "Taken in charge by our team",
            Category = StatusCategory.Open, Order = 20 },
        new() { Code = "b10", Label = "Action demandée", LabelEn = "Action required", CustomerLabel = "En cours de traitement par notre équipe", CustomerLabelEn = "Being handled by our team",
            Category = StatusCategory.Open, Order = 30 },
        new() { Code = "b20", Label = "Diagnostic en cours", LabelEn = "Diagnosis in progress", CustomerLabel = "Diagnostic en cours", CustomerLabelEn = "Diagnosis in progress",
            Category = StatusCategory.Open, Order = 40 },
        new() { Code = "b30", Label = "Réparation en cours", LabelEn = "Repair in progress", CustomerLabel = "Réparation en cours", CustomerLabelEn = "Repair in progress",
            Category = StatusCategory.Open, Order = 50 },
        new() { Code = "c10", Label = "Attente fournisseur", LabelEn = "Waiting on supplier", CustomerLabel = "En attente de notre fournisseur", CustomerLabelEn = "Waiting for our supplier",
            Category = StatusCategory.WaitingOnThirdParty, Order = 60 },
        new() { Code = "c20", Label = "Attente précisions Demandeur", LabelEn = "Waiting on requester", CustomerLabel = "En attente de précisions de votre part", CustomerLabelEn = "Waiting for details from you",
            Category = StatusCategory.WaitingOnCustomer, Order = 70 },
        new() { Code = "c30", Label = "Attente retour produit", LabelEn = "Waiting for the product", CustomerLabel = "En attente du retour de votre produit", CustomerLabelEn = "Waiting for your product to come back to us",
            Category = StatusCategory.WaitingOnCustomer, Order = 80 },
        new() { Code = "d10", Label = "Expédition en cours", LabelEn = "Shipping", CustomerLabel = "Expédition en cours", CustomerLabelEn = "Being shipped",
            Category = StatusCategory.WaitingOnThirdParty, Order = 90 },
        new() { Code = "z10", Label = "Fermé", LabelEn = "Closed", CustomerLabel = "Dossier fermé", CustomerLabelEn = "Case closed",
            Category = StatusCategory.Closed, Order = 100 },
    ];
}
