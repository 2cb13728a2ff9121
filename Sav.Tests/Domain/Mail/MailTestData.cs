using Sav.Domain.Brands;
using Sav.Domain.Clients;
using Sav.Domain.Tickets;

namespace Sav.Tests.Domain.Mail;

/// <summary>Tickets and brands built in memory for the mail tests.</summary>
public static class MailTestData
{
    /// <summary>The white label: no links configured, so the buttons point at the gateway's forms.</summary>
    public static Brand WhiteLabel() => new()
    {
        Code = "sav", Name = "Service après-vente", SenderName = "Service après-vente", SenderAddress = "sav@example.com",
        IsDefault = true,
    };

    /// <summary>A distributor whose buttons point at pre-filled Google Forms.</summary>
    public static Brand Distributor() => new()
    {
        Code = "lumeo", Name = "Lumeo", SenderName = "SAV Lumeo", SenderAddress = "sav@lumeo.example", ReplyTo = "support@lumeo.example",
        BannerUrl = "https://cdn.lumeo.example/banner.png", PrimaryColor = "#7a1f3d", AccentColor = "#e0b040",
        StatusLink = "https://docs.google.com/forms/d/e/STATUS/viewform?entry.1={context}",
        CloseLink = "https://docs.google.com/forms/d/e/CLOSE/viewform?entry.1={context}",
        ReopenLink = "https://docs.google.com/forms/d/e/REOPEN/viewform?entry.1={context}",
        AnswerLink = "https://docs.google.com/forms/d/e/ANSWER/viewform?entry.1={context}",
    };

    public static Ticket Ticket(Brand brand, string language = "fr", string subject = "Écran ne s'allume plus",
        string name = "Marie Durand", string email = "marie.durand@college-pasteur.example", string status = "b10") => new()
    {
        Code = "AT73",
        Subject = subject,
        Language = language,
        Brand = brand,
        Contact = new Contact { Name = name, Email = email },
        Status = WellKnownStatus.Seed.Single(s => s.Code == status),
    };
}
