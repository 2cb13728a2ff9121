using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Auth;

/// <summary>Two backoffices on one database, their files at two paths (two machines, or a container replaced by a new
/// one): an analyst signed in on one is signed in on the other.</summary>
public class SharedKeyRingTests
{
    [Fact]
    public async Task An_analyst_signed_in_on_one_backoffice_stays_signed_in_on_another_at_another_path()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var first = new BackofficeFactory(database);
        using var client = first.CreateBrowserlessClient();
        using var signedIn = await client.PostAsync("/dev/signin",
            SignInTests.Form(await client.GetStringAsync("/dev/signin"), "camille@sav.local", "/"));
        var cookie = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var elsewhere = Path.Combine(database.SubFolder("another-machine"), "backoffice");
        Directory.CreateSymbolicLink(elsewhere, first.Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        await using var second = new BackofficeFactory(database, settings: new Dictionary<string, string> { ["contentRoot"] = elsewhere });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports");
        request.Headers.Add("Cookie", cookie);
        using var response = await second.CreateBrowserlessClient().SendAsync(request);

        Assert.Equal(elsewhere, second.Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.ProtectionKeys.CountAsync());
    }
}
