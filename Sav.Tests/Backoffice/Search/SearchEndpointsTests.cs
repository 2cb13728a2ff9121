using System.Net;
using Microsoft.EntityFrameworkCore;
using Sav.Tests.Backoffice.Auth;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Search;

public class SearchEndpointsTests
{
    [Theory]
    [InlineData("/search?q=ecran")]
    [InlineData("/search/export?q=ecran")]
    public async Task The_search_and_its_export_send_an_anonymous_visitor_to_sign_in(string path)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_export_gives_the_search_s_tickets_as_french_excel_opens_them_with_no_formula()
    {
        await using var database = await TestDatabase.CreateAsync(demo: true);
        await using (var db = database.CreateDbContext())
        {
            var ticket = await db.Tickets.OrderBy(t => t.Id).FirstAsync();
            ticket.Subject = "=HYPERLINK(\"http://x\") écran rayé";
            await db.SaveChangesAsync();
        }
        await using var factory = new BackofficeFactory(database);
        using var client = await Sav.Tests.Backoffice.Reports.ReportEndpointsTests.SignedInAsync(database, factory);

        using var all = await client.GetAsync("/search/export");
        using var found = await client.GetAsync("/search/export?q=ecran%20raye&family=999999&status=zz");
        using var words = await client.GetAsync("/search/export?q=ecran%20raye");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var bytes = await all.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("code;subject;status;client;contact;email;family;product;analyst;created;updated", lines[0]);
        await using (var db = database.CreateDbContext())
            Assert.Equal(await db.Tickets.CountAsync(), lines.Length - 1);
        var raye = (await words.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, raye.Length);
        Assert.Contains(";\"'=HYPERLINK(\"\"http://x\"\") écran rayé\";", raye[1]);
        Assert.Single((await found.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }
}
