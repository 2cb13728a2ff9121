namespace Sav.Domain.Tickets;

/// <summary>The settings under <c>Sav</c>: the secret that signs ticket contexts, the team's time zone.</summary>
public class SavOptions
{
    public const string Section = "Sav";
    public const string DevelopmentSecret = "development-only-context-secret-change-me";
    public string ContextSecret { get; set; } = DevelopmentSecret;
    /// <summary>The team's time zone (IANA id): days, weeks and months of reports and the dashboard.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";
}
