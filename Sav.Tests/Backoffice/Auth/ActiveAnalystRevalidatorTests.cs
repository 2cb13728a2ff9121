using Microsoft.Extensions.Logging.Abstractions;
using Sav.Backoffice.Auth;
using Sav.Domain.Analysts;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Auth;

public class ActiveAnalystRevalidatorTests
{
    [Fact]
    public async Task An_open_page_loses_its_analyst_once_they_are_made_inactive()
    {
        await using var database = await TestDatabase.CreateAsync();
        var id = await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        using var revalidator = new ActiveAnalystRevalidator(NullLoggerFactory.Instance, database);
        var user = AnalystClaims.Principal(new Analyst { Id = id, Email = "camille@sav.local", DisplayName = "Camille" });

        Assert.True(await revalidator.IsStillActiveAsync(user));
        await using (var db = database.CreateDbContext())
        {
            (await db.Analysts.FindAsync(id))!.Active = false;
            await db.SaveChangesAsync();
        }

        Assert.False(await revalidator.IsStillActiveAsync(user));
        Assert.False(await revalidator.IsStillActiveAsync(new System.Security.Claims.ClaimsPrincipal()));
    }
}
