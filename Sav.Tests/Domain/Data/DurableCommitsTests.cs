using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Data;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Data;

/// <summary>What a commit promises on SQLite: by default it is synced to disk (synchronous=FULL, 2), so that a
/// submission the gateway accepted survives a power cut; Database:DurableCommits=false trades that for speed (NORMAL, 1).</summary>
public class DurableCommitsTests
{
    [Theory]
    [InlineData(null, 2)]
    [InlineData("true", 2)]
    [InlineData("false", 1)]
    public async Task The_hosts_connections_sync_each_commit_unless_told_not_to(string? durable, long expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["ConnectionStrings:Sav"] = database.ConnectionString;
        if (durable is not null) builder.Configuration["Database:DurableCommits"] = durable;
        builder.AddSavData();
        using var host = builder.Build();

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<SavDbContext>>().CreateDbContextAsync();
        Assert.Equal(expected, await SynchronousAsync(db));
        // A connection that is written through, not only opened, keeps it.
        db.Brands.Add(new Sav.Domain.Brands.Brand { Code = "ZZ", Name = "Zed" });
        await db.SaveChangesAsync();
        Assert.Equal(expected, await SynchronousAsync(db));
    }

    [Fact]
    public async Task A_database_made_by_hand_is_durable_by_default()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        Assert.Equal(2, await SynchronousAsync(db));
        await using var fast = (database.Database with { DurableCommits = false }).CreateContext();
        Assert.Equal(1, await SynchronousAsync(fast));
    }

    private static async Task<long> SynchronousAsync(SavDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
