using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Domain.Catalog;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Gateway;
using Sav.Tests.Support;

namespace Sav.Tests.Gateway;

/// <summary>A gateway over its own test database, pickup folder and document folder.</summary>
public sealed class GatewayHost : WebApplicationFactory<GatewayMarker>
{
    public const string ApiKey = "test-api-key-0123456789";
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;
    private bool _ownsDatabase;

    public TestDatabase Database { get; }
    public string PickupFolder { get; }
    public string DocumentFolder { get; }
    public string MailboxFolder { get; }

    private GatewayHost(TestDatabase database, IDictionary<string, string?>? settings, Action<IWebHostBuilder>? configure)
    {
        Database = database;
        _configure = configure;
        PickupFolder = database.SubFolder("pickup");
        DocumentFolder = database.SubFolder("documents");
        MailboxFolder = database.SubFolder("mailbox");
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sav"] = database.ConnectionString,
            ["Sav:ContextSecret"] = TestServices.Secret,
            ["Mail:PickupFolder"] = PickupFolder,
            ["Documents:Folder"] = DocumentFolder,
            ["Gateway:ApiKeys:0"] = ApiKey,
            ["Gateway:RateLimit:PerAddressPerMinute"] = "100000",
            ["Gateway:RateLimit:PerContextPerMinute"] = "100000",
            ["Jobs:OutboxEvery"] = "01:00:00",
            ["Jobs:SweepEvery"] = "01:00:00",
            // On PostgreSQL each gateway of the tests its own cluster (in memory, names are unique anyway).
            ["Jobs:Cluster"] = $"test-{Guid.NewGuid():N}",
            ["Mailbox:Folder"] = MailboxFolder,
            ["Mailbox:QuarantineFolder"] = database.SubFolder("quarantine"),
            ["Mailbox:WatchFor"] = "00:00:00",
            // Each gateway its own journal, even beside another on one database.
            ["Gateway:Journal:Folder"] = database.SubFolder($"journal-{Guid.NewGuid():N}"),
            ["Gateway:Journal:ReplayEvery"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    /// <summary>A gateway in process; with <paramref name="kestrel"/>, on a real loopback port for a browser.</summary>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, bool kestrel = false,
        Action<IWebHostBuilder>? configure = null) =>
        await StartAsync(await TestDatabase.CreateAsync(), ownsDatabase: true, settings, kestrel, configure);

    /// <summary>Another gateway on the database of <paramref name="first"/> (which removes it), as behind a load balancer.</summary>
    public static Task<GatewayHost> BesideAsync(GatewayHost first, IDictionary<string, string?>? settings = null,
        Action<IWebHostBuilder>? configure = null) => StartAsync(first.Database, ownsDatabase: false, settings, kestrel: false, configure);

    private static async Task<GatewayHost> StartAsync(TestDatabase database, bool ownsDatabase, IDictionary<string, string?>? settings,
        bool kestrel, Action<IWebHostBuilder>? configure)
    {
        var host = new GatewayHost(database, settings, configure) { _ownsDatabase = ownsDatabase };
        try
        {
            if (kestrel)
            {
                host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
                host.StartServer();
            }
            else _ = host.Server;
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        _configure?.Invoke(builder);
    }

    /// <summary>The loopback address of a host started with kestrel.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public SavDbContext Db() => Database.CreateDbContext();

    public async Task AddFamiliesAsync(params string[] names)
    {
        await using var db = Db();
        db.ProductFamilies.AddRange(names.Select((name, i) => new ProductFamily { Code = $"f{i}", Name = name, Order = i }));
        await db.SaveChangesAsync();
    }

    public async Task<int> TicketCountAsync()
    {
        await using var db = Db();
        return await db.Tickets.CountAsync();
    }

    /// <summary>Every row a submission could write, so a test can say that nothing was.</summary>
    public async Task<int> RowCountAsync()
    {
        await using var db = Db();
        return await db.Tickets.CountAsync() + await db.OutboxMessages.CountAsync() + await db.ConversationEntries.CountAsync()
            + await db.Documents.CountAsync() + await db.Contacts.CountAsync() + await db.AuditEntries.CountAsync();
    }

    public Task<int> DispatchAsync() => Service<OutboxDispatcher>().DispatchAsync();

    public string ContextOf(string code) => Service<TicketContexts>().For(code).ToString();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
    }
}
