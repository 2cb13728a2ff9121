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

    /// <summary>The gateway maps none of the file (each page an opening touched stayed resident, bench/README.md), the
    /// backoffice 256 MiB for its reads; Database:MemoryMapSize overrides either.</summary>
    [Theory]
    [InlineData(null, 0L)]
    [InlineData("", 0L)]
    [InlineData("1048576", 1048576L)]
    public async Task The_gateway_maps_none_of_the_file_unless_told(string? setting, long expected)
    {
        var settings = new Dictionary<string, string?>();
        if (setting is not null) settings["Database:MemoryMapSize"] = setting;
        await using var gateway = await Sav.Tests.Gateway.GatewayHost.StartAsync(settings);
        await using var db = await gateway.Services.GetRequiredService<IDbContextFactory<SavDbContext>>().CreateDbContextAsync();
        Assert.Equal(expected, await PragmaAsync(db, "mmap_size"));
    }

    [Fact]
    public async Task The_backoffice_and_a_database_made_by_hand_map_256_MiB_of_the_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["ConnectionStrings:Sav"] = database.ConnectionString;
        builder.AddSavData();
        using var host = builder.Build();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<SavDbContext>>().CreateDbContextAsync();
        Assert.Equal(SqlitePragmas.DefaultMemoryMap, await PragmaAsync(db, "mmap_size"));
        await using var byHand = database.CreateDbContext();
        Assert.Equal(SqlitePragmas.DefaultMemoryMap, await PragmaAsync(byHand, "mmap_size"));
    }

    private static Task<long> SynchronousAsync(SavDbContext db) => PragmaAsync(db, "synchronous");

    private static async Task<long> PragmaAsync(SavDbContext db, string pragma)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA {pragma}";
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
