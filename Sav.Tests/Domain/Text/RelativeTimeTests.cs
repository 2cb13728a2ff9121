using Sav.Domain.Text;

namespace Sav.Tests.Domain.Text;

public class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 18, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(20, "il y a 20 secondes")]
    [InlineData(60, "il y a une minute")]
    [InlineData(5 * 60, "il y a 5 minutes")]
    [InlineData(3600, "il y a une heure")]
    [InlineData(5 * 3600, "il y a 5 heures")]
    [InlineData(30 * 3600, "hier")]
    [InlineData(3 * 86400, "il y a 3 jours")]
    [InlineData(8 * 86400, "il y a 8 jours")]
    [InlineData(15 * 86400, "il y a 15 jours")]
    [InlineData(32 * 86400, "il y a un mois")]
    [InlineData(92 * 86400, "il y a 3 mois")]
    [InlineData(400 * 86400, "il y a un an")]
    [InlineData(800 * 86400, "il y a 2 ans")]
    public void Past_times_read_as_a_French_analyst_would_say_them(int secondsAgo, string expected) =>
        Assert.Equal(expected, RelativeTime.Format(Now.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void Future_times_say_dans() =>
        Assert.Equal("dans 3 jours", RelativeTime.Format(Now.AddDays(3).AddHours(1), Now));

    [Fact]
    public void English_is_available() =>
        Assert.Equal("3 months ago", RelativeTime.Format(Now.AddDays(-92), Now, "en"));

    [Fact]
    public void The_offset_of_either_time_does_not_matter() =>
        Assert.Equal("il y a 2 heures", RelativeTime.Format(new DateTimeOffset(2026, 11, 28, 17, 0, 0, TimeSpan.FromHours(1)), Now));
}
