using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sav.Domain.Data;

public static class DataExtensions
{
    public const string DefaultConnection = "Data Source=sav.db";

    /// <param name="memoryMap">The host's <see cref="DatabaseOptions.MemoryMapSize"/> when the setting gives none.</param>
    public static IHostApplicationBuilder AddSavData(this IHostApplicationBuilder builder, long memoryMap = SqlitePragmas.DefaultMemoryMap)
    {
        var provider = builder.Configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connection = builder.Configuration.GetConnectionString("Sav") ?? DefaultConnection;
        var durable = builder.Configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.DurableCommits), true);
        memoryMap = Math.Max(0, builder.Configuration.GetValue<long?>(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.MemoryMapSize)) ?? memoryMap);
        // The team's working hours time the response targets as tickets are saved (Sla/SlaClock.cs).
        builder.Services.AddOptions<Sla.WorkingHoursOptions>().BindConfiguration(Sla.WorkingHoursOptions.Section)
            .Validate(o => o.End > o.Start && o.Days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .All(d => Enum.TryParse<DayOfWeek>(d, true, out _)), "Sav:WorkingHours: Days are English day names, End after Start.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Sla.WorkingCalendar>();
        builder.Services.AddSingleton(sp => new SavDatabase(provider, connection, durable)
            { Calendar = sp.GetRequiredService<Sla.WorkingCalendar>(), MemoryMap = memoryMap });
        builder.Services.AddSingleton<IDbContextFactory<SavDbContext>, SavDbContextFactory>();
        // One per process: every SQLite writer of the process queues at the same gate.
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SavDbContext>>().CreateDbContext());
        return builder;
    }
}

/// <summary>The chosen provider and connection string, and how to make a context for them.
/// <paramref name="DurableCommits"/>: see <see cref="DatabaseOptions.DurableCommits"/>.</summary>
public sealed record SavDatabase(DatabaseProvider Provider, string ConnectionString, bool DurableCommits = true)
{
    static SavDatabase() => SqliteRuntime.Configure();

    /// <summary>The team's working hours, which time the response targets as tickets are saved.</summary>
    public Sla.WorkingCalendar Calendar { get; init; } = Sla.WorkingCalendar.Default;

    /// <summary>On SQLite, how much of the file each connection maps (<see cref="DatabaseOptions.MemoryMapSize"/>).</summary>
    public long MemoryMap { get; init; } = SqlitePragmas.DefaultMemoryMap;

    public SavDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Postgres => new PostgresSavDbContext((DbContextOptions<PostgresSavDbContext>)Options()),
        _ => new SqliteSavDbContext((DbContextOptions<SqliteSavDbContext>)Options()),
    };

    /// <summary>Creates contexts from a pool, for the host's factory.</summary>
    public Func<SavDbContext> Pooled() => Provider switch
    {
        DatabaseProvider.Postgres => new PooledDbContextFactory<PostgresSavDbContext>((DbContextOptions<PostgresSavDbContext>)Options()).CreateDbContext,
        _ => new PooledDbContextFactory<SqliteSavDbContext>((DbContextOptions<SqliteSavDbContext>)Options()).CreateDbContext,
    };

    // Options are immutable and costly to build: one set per database serves every context.
    private DbContextOptions Options() => OptionsCache.GetOrAdd((Provider, ConnectionString, DurableCommits, Calendar, MemoryMap), static key => key.Provider switch
    {
        DatabaseProvider.Postgres => new DbContextOptionsBuilder<PostgresSavDbContext>().UseNpgsql(key.ConnectionString)
            .AddInterceptors(new Sla.SlaClock(key.Calendar)).Options,
        _ => new DbContextOptionsBuilder<SqliteSavDbContext>().UseSqlite(key.ConnectionString)
            .AddInterceptors(SqlitePragmas.For(key.Durable, key.MemoryMap), new Sla.SlaClock(key.Calendar)).Options,
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<
        (DatabaseProvider Provider, string ConnectionString, bool Durable, Sla.WorkingCalendar Calendar, long MemoryMap), DbContextOptions> OptionsCache = new();
}

/// <summary>Hands out pooled contexts: a context used for one short unit of work is reset and reused
/// rather than built again with its internal services.</summary>
internal sealed class SavDbContextFactory(SavDatabase database) : IDbContextFactory<SavDbContext>
{
    private readonly Func<SavDbContext> _create = database.Pooled();

    public SavDbContext CreateDbContext() => _create();
}
