using System.Net;
using Sav.Tests.Backoffice.Auth;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Reports;

public class ReportEndpointsTests
{
    private const string Query = "?from=2026-01-01&to=2026-01-31&by=day";

    public static TheoryData<string> Csvs() => new() { "volume", "delays", "stock", "products", "clients" };

    [Theory]
    [MemberData(nameof(Csvs))]
    public async Task Every_csv_sends_an_anonymous_visitor_to_sign_in(string report)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.GetAsync($"/reports/{report}.csv{Query}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(Csvs))]
    public async Task A_signed_in_analyst_downloads_each_report_as_french_excel_opens_it(string report)
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var factory = new BackofficeFactory(database);
        using var client = await SignedInAsync(database, factory);

        using var response = await client.GetAsync($"/reports/{report}.csv{Query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(';', lines[0]);
        if (report == "volume")
        {
            Assert.Equal("period;opened;closed;reopened", lines[0]);
            Assert.Equal(32, lines.Length);
            Assert.StartsWith("2026-01-01;", lines[1]);
        }
    }

    [Theory]
    [InlineData("?from=2026-05-01&to=2026-04-01", "après la date de fin")]
    [InlineData("?from=1990-01-01&to=2040-01-01", "n'est pas")]
    [InlineData("?from=2000-01-01&to=2050-01-01", "La période dépasse dix ans")]
    [InlineData("?from=2022-01-01&to=2026-04-01", "Par jour, une période ne dépasse pas deux ans")]
    [InlineData("?from=demain&to=2026-04-01", "AAAA-MM-JJ")]
    [InlineData("?by=hour", "jour, semaine ou mois")]
    public async Task A_bad_query_string_gets_a_clear_message_on_the_page_and_the_csv(string query, string message)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = await SignedInAsync(database, factory);

        using var csv = await client.GetAsync($"/reports/volume.csv{query}");
        using var page = await client.GetAsync($"/reports{query}");

        var expected = message == "n'est pas" ? "AAAA-MM-JJ" : message;
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Contains(expected, await csv.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains(expected, html);
        Assert.Contains("data-testid=\"report-error\"", html);
    }

    [Fact]
    public async Task Ten_years_by_month_is_one_page_and_its_csv()
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using var factory = new BackofficeFactory(database);
        using var client = await SignedInAsync(database, factory);

        using var csv = await client.GetAsync("/reports/volume.csv?from=2017-01-01&to=2026-12-31&by=month");
        using var page = await client.GetAsync("/reports?report=volume&from=2017-01-01&to=2026-12-31&by=month");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("2017-01", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-12", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("data-testid=\"report-error\"", await page.Content.ReadAsStringAsync());
    }

    internal static async Task<HttpClient> SignedInAsync(TestDatabase database, BackofficeFactory factory)
    {
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        var client = factory.CreateBrowserlessClient();
        var form = await client.GetStringAsync("/dev/signin?returnUrl=%2F");
        using var posted = await client.PostAsync("/dev/signin", SignInTests.Form(form, "camille@sav.local", "/"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return client;
    }
}
