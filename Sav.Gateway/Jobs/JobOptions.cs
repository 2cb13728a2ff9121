namespace Sav.Gateway.Jobs;

public class JobOptions
{
    public const string Section = "Jobs";
    /// <summary>How often the outbox dispatcher runs.</summary>
    public TimeSpan OutboxEvery { get; set; } = TimeSpan.FromSeconds(5);
}
