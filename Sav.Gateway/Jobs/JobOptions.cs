namespace Sav.Gateway.Jobs;

public class JobOptions
{
    public const string Section = "Jobs";
    /// <summary>How often the outbox dispatcher runs.</summary>
    public TimeSpan OutboxEvery { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often the mailbox sweep starts (each run also watches for Mailbox:WatchFor).</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often text messages are written for new tickets and sent (when Sms:Sender is not None).</summary>
    public TimeSpan SmsEvery { get; set; } = TimeSpan.FromSeconds(30);
}
