using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Catalog;
using Sav.Domain.Data;
using Sav.Gateway;

namespace Sav.Bench.Gateway;

/// <summary>The real gateway (its Program, its settings) on a loopback port, over a fresh SQLite file.</summary>
public sealed class GatewayServer : WebApplicationFactory<GatewayMarker>
{
    public const string ApiKey = "bench-api-key-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-bench-").FullName;
    private bool _durable = true;
    private string ConnectionString => $"Data Source={Path.Combine(_folder, "sav.db")}";

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <param name="searchIndex">False: the words index and its triggers are dropped, to measure what keeping them costs.</param>
    public static async Task<GatewayServer> StartAsync(bool durable, bool searchIndex = true)
    {
        var server = new GatewayServer { _durable = durable };
        await PrepareAsync(new SavDatabase(DatabaseProvider.Sqlite, server.ConnectionString, durable), searchIndex);
        server.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        return server;
    }

    /// <summary>A new database with its reference data and the family the load's forms name.</summary>
    public static async Task PrepareAsync(SavDatabase database, bool searchIndex = true)
    {
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync();
        await ReferenceData.EnsureAsync(db);
        if (!searchIndex) await Sav.Domain.Search.SearchIndex.DropAsync(db);
        db.ProductFamilies.Add(new ProductFamily { Code = "ecrans", Name = "Écrans tactiles" });
        await db.SaveChangesAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Sav", ConnectionString);
        builder.UseSetting("Database:DurableCommits", _durable ? "true" : "false");
        builder.UseSetting("Sav:ContextSecret", "bench-context-secret-0123456789");
        builder.UseSetting("Gateway:ApiKeys:0", ApiKey);
        builder.UseSetting("Gateway:RateLimit:PerAddressPerMinute", "1000000000");
        builder.UseSetting("Mail:PickupFolder", Path.Combine(_folder, "pickup"));
        builder.UseSetting("Documents:Folder", Path.Combine(_folder, "documents"));
        builder.UseSetting("Mailbox:Folder", Path.Combine(_folder, "mailbox"));
        builder.UseSetting("Mailbox:QuarantineFolder", Path.Combine(_folder, "quarantine"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public async Task<int> TicketCountAsync()
    {
        await using var db = new SavDatabase(DatabaseProvider.Sqlite, ConnectionString).CreateContext();
        return await db.Tickets.CountAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A bare minimal API that inserts one row per request in a SQLite file set up like Sav's:
/// WAL, synchronous FULL (as shipped) or NORMAL, writes serialized in process, each request its own commit.</summary>
public sealed class FloorServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-floor-").FullName;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication _app = null!;
    private string ConnectionString => $"Data Source={Path.Combine(_folder, "floor.db")}";
    private string _synchronous = "FULL";

    public Uri Address => new(_app.Urls.First());

    public static async Task<FloorServer> StartAsync(bool durable)
    {
        var floor = new FloorServer { _synchronous = durable ? "FULL" : "NORMAL" };
        await using (var connection = new SqliteConnection(floor.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE "Requests" ("Id" INTEGER PRIMARY KEY, "Email" TEXT NOT NULL, "Subject" TEXT NOT NULL, "CreatedAt" INTEGER NOT NULL);
                """;
            await command.ExecuteNonQueryAsync();
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        floor._app = builder.Build();
        floor._app.MapPost("/floor", floor.InsertAsync);
        await floor._app.StartAsync();
        return floor;
    }

    private async Task<IResult> InsertAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        await _gate.WaitAsync();
        try
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=10000;
                INSERT INTO "Requests" ("Email", "Subject", "CreatedAt") VALUES ($email, $subject, $at);
                """;
            command.Parameters.AddWithValue("$email", form["EMAIL"].ToString());
            command.Parameters.AddWithValue("$subject", form["SUBJECT"].ToString());
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcTicks);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            _gate.Release();
        }
        return Results.Text("ok");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
