using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sav.Domain.Data;

public static class DataExtensions
{
    public const string DefaultConnection = "Data Source=sav.db";

    public static IHostApplicationBuilder AddSavData(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connection = builder.Configuration.GetConnectionString("Sav") ?? DefaultConnection;
        var durable = builder.Configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.DurableCommits), true);
        // The team's working hours time the response targets as tickets are saved (Sla/SlaClock.cs).
        builder.Services.AddOptions<Sla.WorkingHoursOptions>().BindConfiguration(Sla.WorkingHoursOptions.Section)
            .Validate(o => o.End > o.Start && o.Days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .All(d => Enum.TryParse<DayOfWeek>(d, true, out _)), "Sav:WorkingHours: Days are English day names, End after Start.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Sla.WorkingCalendar>();
        builder.Services.AddSingleton(sp => new SavDatabase(provider, connection, durable) { Calendar = sp.GetRequiredService<Sla.WorkingCalendar>() });
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
    private DbContextOptions Options() => OptionsCache.GetOrAdd((Provider, ConnectionString, DurableCommits, Calendar), static key => key.Provider switch
    {
        DatabaseProvider.Postgres => new DbContextOptionsBuilder<PostgresSavDbContext>().UseNpgsql(key.ConnectionString)
            .AddInterceptors(new Sla.SlaClock(key.Calendar)).Options,
        _ => new DbContextOptionsBuilder<SqliteSavDbContext>().UseSqlite(key.ConnectionString)
            .AddInterceptors(key.Durable ? SqlitePragmas.Durable : SqlitePragmas.Fast, new Sla.SlaClock(key.Calendar)).Options,
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<
        (DatabaseProvider Provider, string ConnectionString, bool Durable, Sla.WorkingCalendar Calendar), DbContextOptions> OptionsCache = new();
}

/// <summary>Hands out pooled contexts: a context used for one short unit of work is reset and reused
/// rather than built again with its internal services.</summary>
internal sealed class SavDbContextFactory(SavDatabase database) : IDbContextFactory<SavDbContext>
{
    private readonly Func<SavDbContext> _create = database.Pooled();

    public SavDbContext CreateDbContext() => _create();
}
