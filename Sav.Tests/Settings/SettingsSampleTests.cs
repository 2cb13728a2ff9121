using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Sav.Tests.Settings;

/// <summary>appsettings.sample.json is the operators' reference: it must name every setting the hosts read.</summary>
public class SettingsSampleTests
{
    private static readonly Assembly[] Hosts =
        [typeof(Sav.Domain.Extensions).Assembly, typeof(Sav.Gateway.GatewayMarker).Assembly, typeof(Sav.Backoffice.BackofficeMarker).Assembly];

    private static string SamplePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "appsettings.sample.json");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("appsettings.sample.json not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Settings()
    {
        var data = new TheoryData<string>();
        var options = Hosts.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(o => o.Section is not null);
        foreach (var (type, section) in options)
            foreach (var key in Keys(type, section!)) data.Add(key);
        return data;
    }

    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (kind.IsClass && kind != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(kind))
                foreach (var nested in Keys(kind, key)) yield return nested;
            else yield return key;
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Every_setting_is_documented_in_the_sample(string key)
    {
        var sample = new ConfigurationBuilder().AddJsonFile(SamplePath()).Build();

        Assert.True(sample.GetSection(key).Exists() || File.ReadAllText(SamplePath()).Contains($"\"{key.Split(':')[^1]}\": []"),
            $"appsettings.sample.json does not document {key}");
    }

    [Fact]
    public void The_walk_finds_the_settings_operators_rely_on()
    {
        var keys = ((IEnumerable<object[]>)Settings()).Select(r => (string)r[0]).ToList();

        Assert.Contains("Database:Provider", keys);
        Assert.Contains("Gateway:RateLimit:PerContextPerMinute", keys);
        Assert.Contains("Mail:Smtp:Host", keys);
        Assert.Contains("Mailbox:Imap:Idle", keys);
        Assert.Contains("GoogleSignIn:AllowedDomain", keys);
    }
}
