using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Cli;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Cli;

public sealed class AdminCliTests : IDisposable
{
    private const string Secret = "cli-test-secret-0123456789abcdef";
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-cli-").FullName;
    private string Connection => $"Data Source={Path.Combine(_folder, "sav.db")};Pooling=False";

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await AdminCli.RunAsync([.. args, $"--ConnectionStrings:Sav={Connection}", $"--Sav:ContextSecret={Secret}"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private SavDbContext Open() => new SavDatabase(DatabaseProvider.Sqlite, Connection).CreateContext();

    [Fact]
    public async Task Migrate_creates_the_database_with_its_statuses_and_can_run_again()
    {
        var first = await Run("migrate");
        var second = await Run("migrate");

        Assert.Equal((0, 0), (first.Code, second.Code));
        await using var db = Open();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains("a10", await db.Statuses.Select(s => s.Code).ToListAsync());
        Assert.Equal("wal", (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync()).Single());
    }

    [Fact]
    public async Task Seed_demo_fills_an_empty_database_once()
    {
        var first = await Run("seed-demo");
        var second = await Run("seed-demo");

        Assert.Equal(0, first.Code);
        Assert.Contains("nothing seeded", second.Output);
        await using var db = Open();
        Assert.Equal(4, await db.Brands.CountAsync());
        Assert.True(await db.Clients.CountAsync() >= 200);
        var statusesInUse = await db.Tickets.Select(t => t.Status.Code).Distinct().CountAsync();
        Assert.Equal(await db.Statuses.CountAsync(), statusesInUse);
    }

    [Fact]
    public async Task Context_prints_the_context_customers_carry_and_refuses_an_unknown_code()
    {
        await Run("seed-demo");
        await using var db = Open();
        var code = await db.Tickets.Select(t => t.Code).FirstAsync();

        var known = await Run("context", code.ToLowerInvariant());
        var unknown = await Run("context", "ZZZZ");

        Assert.Equal(0, known.Code);
        Assert.Equal(new TicketContexts(Secret).For(code).ToString(), known.Output.Trim());
        Assert.Equal(1, unknown.Code);
        Assert.Equal("no ticket ZZZZ", unknown.Error.Trim());
    }

    [Fact]
    public async Task Add_analyst_lets_an_address_sign_in_with_its_role()
    {
        await Run("migrate");

        var result = await Run("add-analyst", "Chef@Lumeo.example", "--admin");
        var bad = await Run("add-analyst", "not an address");

        Assert.Equal(0, result.Code);
        Assert.Equal(1, bad.Code);
        await using var db = Open();
        var analyst = await db.Analysts.SingleAsync();
        Assert.Equal(("chef@lumeo.example", Sav.Domain.Analysts.AnalystRole.Admin, true), (analyst.Email, analyst.Role, analyst.Active));
    }

    [Fact]
    public async Task Import_clients_creates_then_updates_by_erp_id()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name;address;phone;email_domain", "C1;\"Lycée Colbert; Lyon\";1 rue A;0102030405;@colbert.example", "C2;Mairie de Tours;;;"]);
        var first = await Run("import-clients", file);
        await File.WriteAllLinesAsync(file, ["erp_id,name", "C1,Lycée Colbert"]);
        var second = await Run("import-clients", file);

        Assert.Equal("2 clients created, 0 updated.", first.Output.Trim());
        Assert.Equal("0 clients created, 1 updated.", second.Output.Trim());
        await using var db = Open();
        var clients = await db.Clients.OrderBy(c => c.ErpId).ToListAsync();
        Assert.Equal(["Lycée Colbert", "Mairie de Tours"], clients.Select(c => c.Name));
    }

    [Fact]
    public async Task A_malformed_import_changes_nothing_and_says_which_line()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name", "C1;Lycée Colbert", ";Sans identifiant"]);

        var result = await Run("import-clients", file);

        Assert.Equal(1, result.Code);
        Assert.Contains("line 3", result.Error);
        await using var db = Open();
        Assert.Equal(0, await db.Clients.CountAsync());
    }

    [Fact]
    public async Task Outside_development_a_missing_secret_stops_the_verb_with_a_one_line_reason()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await AdminCli.RunAsync(["context", "AT73", $"--ConnectionStrings:Sav={Connection}", "--environment=Production"], output, error);

        Assert.Equal(1, code);
        Assert.Contains("Sav:ContextSecret", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Backup_copies_the_database_while_it_is_open_and_the_copy_restores()
    {
        await Run("seed-demo");
        await using var open = Open();
        var code = await open.Tickets.OrderBy(t => t.Id).Select(t => t.Code).FirstAsync();
        var copy = Path.Combine(_folder, "copy.db");

        var done = await Run("backup", copy);
        var again = await Run("backup", copy);
        var usage = await Run("backup");

        Assert.Equal(0, done.Code);
        Assert.Contains("To restore", done.Output);
        Assert.Equal(1, again.Code);
        Assert.Contains("exists already", again.Error);
        Assert.Equal(2, usage.Code);
        await using var restored = new SavDatabase(DatabaseProvider.Sqlite, $"Data Source={copy};Pooling=False").CreateContext();
        Assert.Equal(await open.Tickets.CountAsync(), await restored.Tickets.CountAsync());
        Assert.True(await restored.Tickets.AnyAsync(t => t.Code == code));
        Assert.NotEmpty(await restored.Database.SqlQueryRaw<int>("SELECT rowid AS \"Value\" FROM \"TicketSearch\" WHERE \"TicketSearch\" MATCH 'ecran'").ToListAsync());
    }
}
