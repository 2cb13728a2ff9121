namespace Sav.Tests.Support;

/// <summary>The team's time zone of the tests, and an instant read on its clocks (in UTC, as Sav stores instants).</summary>
public static class Paris
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The instant the clocks of Paris show this hour of 2026.</summary>
    public static DateTimeOffset At(int month, int day, int hour)
    {
        var local = new DateTime(2026, month, day, hour, 0, 0);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
