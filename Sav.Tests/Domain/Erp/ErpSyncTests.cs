using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Erp;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Erp;

/// <summary>The ERP sync against a loopback ERP speaking JSON: mapping, paging, authentication, failures, vanishing clients.</summary>
public class ErpSyncTests
{
    private static IHost Build(TestDatabase database, ErpServer erp, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(erp.Settings());
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IDbContextFactory<SavDbContext>>(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSavErp();
        return builder.Build();
    }

    [Fact]
    public async Task Every_page_is_mapped_onto_the_clients_and_a_second_sync_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        for (var i = 0; i < 250; i++) erp.Add($"C{i:000}", $"Client {i}", phone: "04 72 00 00 00", domain: $"@Client{i}.example", segment: i % 2 == 0 ? "Éducation" : null);
        using var host = Build(database, erp);
        var sync = host.Services.GetRequiredService<ErpSync>();

        var first = await sync.RunAsync();
        var second = await sync.RunAsync();

        Assert.Equal(new ErpSyncReport(250, 0, 0, 0, 0), first);
        Assert.Equal(new ErpSyncReport(0, 0, 250, 0, 0), second);
        await using var db = database.CreateDbContext();
        var c = await db.Clients.SingleAsync(x => x.ErpId == "C042");
        Assert.Equal(("Client 42", "C042 rue de l'ERP", "04 72 00 00 00", "client42.example"), (c.Name, c.Address, c.Phone, c.EmailDomain));
        Assert.Equal("{\"Segment\":\"\\u00C9ducation\"}", c.ErpExtra);
        Assert.NotNull(c.ErpSyncedAt);
        var state = await sync.StateAsync();
        Assert.False(state.Failing);
        Assert.Contains("250 inchangé(s)", state.LastReport);
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("Bearer")]
    [InlineData("Basic")]
    public async Task Each_kind_of_authentication_is_sent_and_a_refusal_says_so(string kind)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        erp.Add("C1", "Lycée Colbert");
        erp.Authorized = request => kind switch
        {
            "ApiKey" => request.Headers["X-Erp-Key"] == "cle-123",
            "Bearer" => request.Headers.Authorization == "Bearer jeton-456",
            _ => request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sav:secret")),
        };
        var good = new Dictionary<string, string?>
        {
            ["Erp:Authentication"] = kind, ["Erp:ApiKeyHeader"] = "X-Erp-Key", ["Erp:ApiKey"] = "cle-123", ["Erp:Token"] = "jeton-456",
            ["Erp:User"] = "sav", ["Erp:Password"] = "secret",
        };
        using (var host = Build(database, erp, good)) Assert.Equal(1, (await host.Services.GetRequiredService<ErpSync>().RunAsync()).Created);

        var wrong = new Dictionary<string, string?>(good) { ["Erp:ApiKey"] = "x", ["Erp:Token"] = "x", ["Erp:Password"] = "x" };
        using var refused = Build(database, erp, wrong);
        var sync = refused.Services.GetRequiredService<ErpSync>();
        var failure = await Assert.ThrowsAsync<ErpException>(() => sync.RunAsync());
        Assert.Contains("refuse les identifiants", failure.Message);
        Assert.True((await sync.StateAsync()).Failing);
    }

    [Fact]
    public async Task A_500_is_tried_again_and_succeeds()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        erp.Add("C1", "Lycée Colbert");
        erp.Next.Enqueue("500");
        erp.Next.Enqueue("503");
        using var host = Build(database, erp);

        var report = await host.Services.GetRequiredService<ErpSync>().RunAsync();

        Assert.Equal(1, report.Created);
        Assert.Equal(3, erp.Requests);
    }

    [Theory]
    [InlineData("slow", "ne répond pas")]
    [InlineData("garbage", "réponse illisible")]
    [InlineData("500", "a répondu 500")]
    public async Task A_failing_erp_changes_nothing_and_says_why(string script, string reason)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        erp.Add("C1", "Lycée Colbert");
        using var host = Build(database, erp, script == "slow" ? new() { ["Erp:Timeout"] = "00:00:00.5" } : null);
        var sync = host.Services.GetRequiredService<ErpSync>();
        await sync.RunAsync();
        erp.Add("C1", "Lycée Colbert renommé");
        for (var i = 0; i < 3; i++) erp.Next.Enqueue(script);

        var failure = await Assert.ThrowsAsync<ErpException>(() => sync.RunAsync());

        Assert.Contains(reason, failure.Message);
        await using var db = database.CreateDbContext();
        Assert.Equal("Lycée Colbert", (await db.Clients.SingleAsync()).Name);
        var state = await sync.StateAsync();
        Assert.True(state.Failing);
        Assert.Contains(reason, state.LastError);
        Assert.NotNull(state.LastSucceededAt);
    }

    [Fact]
    public async Task A_client_gone_from_the_erp_is_marked_not_deleted_and_its_links_stay()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        erp.Add("C1", "Lycée Colbert", domain: "colbert.example");
        erp.Add("C2", "Mairie de Tours");
        using var host = Build(database, erp);
        var sync = host.Services.GetRequiredService<ErpSync>();
        await sync.RunAsync();
        int ticketId;
        await using (var db = database.CreateDbContext())
        {
            // An analyst linked a ticket to C1 by hand.
            var client = await db.Clients.SingleAsync(c => c.ErpId == "C1");
            var ticket = new Ticket { Code = "A0K1", Subject = "Écran noir", StatusId = (await db.Statuses.FirstAsync()).Id, ClientId = client.Id,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            ticketId = ticket.Id;
        }

        erp.Clients.TryRemove("C1", out _);
        erp.Add("C2", "Mairie de Tours", domain: "tours.example");
        var gone = await sync.RunAsync();
        erp.Add("C1", "Lycée Colbert", domain: "colbert.example");
        var back = await sync.RunAsync();

        Assert.Equal(new ErpSyncReport(0, 1, 0, 1, 0), gone);
        Assert.Equal(new ErpSyncReport(0, 0, 2, 0, 1), back);
        await using var check = database.CreateDbContext();
        var c1 = await check.Clients.SingleAsync(c => c.ErpId == "C1");
        Assert.Null(c1.ErpRemovedAt);
        Assert.Equal(c1.Id, (await check.Tickets.SingleAsync(t => t.Id == ticketId)).ClientId);
    }

    [Fact]
    public async Task An_empty_list_from_an_erp_that_had_clients_removes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        erp.Add("C1", "Lycée Colbert");
        using var host = Build(database, erp);
        var sync = host.Services.GetRequiredService<ErpSync>();
        await sync.RunAsync();
        erp.Clients.Clear();

        var failure = await Assert.ThrowsAsync<ErpException>(() => sync.RunAsync());

        Assert.Contains("aucun client", failure.Message);
        await using var db = database.CreateDbContext();
        Assert.Null((await db.Clients.SingleAsync()).ErpRemovedAt);
    }

    [Fact]
    public async Task One_client_is_refreshed_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        erp.Add("C/1", "Lycée Colbert");
        using var host = Build(database, erp);
        var sync = host.Services.GetRequiredService<ErpSync>();
        await sync.RunAsync();
        erp.Add("C/1", "Lycée Colbert (annexe)", phone: "01 02 03 04 05");
        await using var db = database.CreateDbContext();
        var id = await db.Clients.Select(c => c.Id).SingleAsync();

        Assert.True(await sync.RefreshAsync(id));

        var client = await db.Clients.AsNoTracking().SingleAsync();
        Assert.Equal(("Lycée Colbert (annexe)", "01 02 03 04 05"), (client.Name, client.Phone));
    }

    [Fact]
    public async Task Ten_thousand_clients_are_synced_in_one_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var erp = await ErpServer.StartAsync();
        for (var i = 0; i < 10_000; i++) erp.Add($"K{i:00000}", $"Établissement {i}", domain: $"etab{i}.example");
        using var host = Build(database, erp, new() { ["Erp:PageSize"] = "1000" });
        var watch = Stopwatch.StartNew();

        var report = await host.Services.GetRequiredService<ErpSync>().RunAsync();

        Assert.Equal(10_000, report.Created);
        await using var db = database.CreateDbContext();
        Assert.Equal(10_000, await db.Clients.CountAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"{watch.Elapsed}");
    }
}
