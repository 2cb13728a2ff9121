using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Cli;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Cli;

/// <summary>The admin verbs: database, tickets, analysts, backup, help and exit codes.</summary>
public sealed class AdminCliTests : CliTests
{
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
    public async Task Analysts_are_added_named_listed_and_deactivated()
    {
        await Run("migrate");
        await Run("add-analyst", "chef@lumeo.example", "--admin");

        var added = await Run("add-analyst", "Lea@Lumeo.example", "--name", "Léa Martin");
        var deactivated = await Run("deactivate-analyst", "lea@lumeo.example");
        var lastAdmin = await Run("deactivate-analyst", "chef@lumeo.example");
        var unknown = await Run("deactivate-analyst", "personne@lumeo.example");
        var list = await Run("list-analysts");

        Assert.Equal(0, added.Code);
        Assert.Equal(0, deactivated.Code);
        Assert.Equal(1, lastAdmin.Code);
        Assert.Contains("at least one active administrator must remain", lastAdmin.Error);
        Assert.Equal(1, unknown.Code);
        Assert.Equal(["chef@lumeo.example\tchef\tadmin\tactive", "lea@lumeo.example\tLéa Martin\tanalyst\tinactive"],
            list.Output.Trim().Split('\n').Select(l => l.TrimEnd()));
    }

    [Theory]
    [InlineData(new[] { "seed-demo", "--tickets", "abc" }, "seed-demo")]
    [InlineData(new[] { "seed-demo", "--tickets", "0" }, "seed-demo")]
    [InlineData(new[] { "add-analyst" }, "add-analyst")]
    [InlineData(new[] { "import-clients", "a.csv", "--bogus" }, "import-clients")]
    public async Task Wrong_usage_exits_with_2_and_the_verb_usage(string[] args, string verb)
    {
        var result = await Run(args);

        Assert.Equal(2, result.Code);
        Assert.Contains("Usage:", result.Error);
        Assert.Contains(verb, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Verbs_run_as_a_process_give_the_exit_codes_scripts_rely_on()
    {
        await Run("migrate");
        async Task<(int Code, string Output, string Error)> Process(params string[] args)
        {
            var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Sav.Backoffice.dll") }.Concat(args)) start.ArgumentList.Add(a);
            start.Environment["DOTNET_ENVIRONMENT"] = "Development";
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }

        var help = await Process("--help");
        var usage = await Process("backup");
        var failed = await Process("context", "ZZZZ", $"--ConnectionStrings:Sav={Connection}", $"--Sav:ContextSecret={Secret}");

        Assert.Equal(0, help.Code);
        Assert.Contains("import-clients", help.Output);
        Assert.Equal(2, usage.Code);
        Assert.Contains("Usage:", usage.Error);
        Assert.Equal((1, "no ticket ZZZZ"), (failed.Code, failed.Error.Trim()));
    }

    [Fact]
    public async Task Help_lists_the_verbs_and_each_verb_its_options()
    {
        var all = await Run("--help");
        var import = await Run("import-clients", "--help");

        Assert.Equal((0, 0), (all.Code, import.Code));
        foreach (var verb in new[] { "migrate", "seed-demo", "import-clients", "export-clients", "add-analyst", "deactivate-analyst", "list-analysts", "backup", "context" })
            Assert.Contains(verb, all.Output);
        Assert.Contains("--dry-run", import.Output);
        Assert.Contains("--skip-invalid", import.Output);
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