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

        Assert.Equal("2 clients created, 0 updated, 0 unchanged, 0 rejected.", first.Output.Trim());
        Assert.Equal("0 clients created, 1 updated, 0 unchanged, 0 rejected.", second.Output.Trim());
        await using var db = Open();
        var clients = await db.Clients.OrderBy(c => c.ErpId).ToListAsync();
        Assert.Equal(["Lycée Colbert", "Mairie de Tours"], clients.Select(c => c.Name));
        Assert.Equal("colbert.example", clients[0].EmailDomain);
    }

    [Fact]
    public async Task A_malformed_import_changes_nothing_and_says_which_line()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name;address;phone;email_domain", "C1;Lycée Colbert", ";Sans identifiant", "C1;Encore Colbert", "C3;Mairie;", "C4;École;x;y;pas un domaine", "C5;Lycée;;" + new string('0', 41)]);

        var result = await Run("import-clients", file);
        var skipped = await Run("import-clients", file, "--skip-invalid");

        Assert.Equal(1, result.Code);
        Assert.Equal([$"{file}: line 3: erp_id est obligatoire", $"{file}: line 4: erp_id C1 déjà vu ligne 2"],
            result.Error.Trim().Split('\n').Take(2).Select(l => l.TrimEnd()));
        Assert.Contains("line 6: email_domain", result.Error);
        Assert.Contains("line 7: phone dépasse 40 caractères", result.Error);
        Assert.Contains("Nothing written", result.Output);
        Assert.Equal(0, skipped.Code);
        Assert.Equal("2 clients created, 0 updated, 0 unchanged, 4 rejected.", skipped.Output.Trim());
        await using var db = Open();
        Assert.Equal(["C1", "C3"], await db.Clients.OrderBy(c => c.ErpId).Select(c => c.ErpId).ToListAsync());
    }

    [Fact]
    public async Task Excel_files_quoted_fields_and_a_dry_run_are_read_as_an_operator_expects()
    {
        await Run("migrate");
        // French Excel: Windows-1252, no BOM, CRLF; a quoted name holding the separator, a quote and a line break.
        var excel = Path.Combine(_folder, "excel.csv");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(excel, System.Text.Encoding.GetEncoding(1252).GetBytes(
            "erp_id;name;address\r\nE1;\"Collège « Pasteur »; annexe\";\"2 rue de l'Église\r\nBâtiment B\"\r\nE2;\"Société \"\"Œuvre\"\"\";\r\n"));
        // UTF-8 with a BOM and commas.
        var bom = Path.Combine(_folder, "bom.csv");
        await File.WriteAllTextAsync(bom, "erp_id,name,email_domain\nU1,Hôtel de ville,@ville.example\n", new System.Text.UTF8Encoding(true));

        var dry = await Run("import-clients", excel, "--dry-run");
        await using (var db = Open()) Assert.Equal(0, await db.Clients.CountAsync());
        var done = await Run("import-clients", excel);
        var utf8 = await Run("import-clients", bom);

        Assert.Equal((0, "2 clients would be created, 0 would be updated, 0 unchanged, 0 rejected."), (dry.Code, dry.Output.Trim()));
        Assert.Equal((0, 0), (done.Code, utf8.Code));
        await using var check = Open();
        var clients = await check.Clients.OrderBy(c => c.ErpId).ToListAsync();
        Assert.Equal(["Collège « Pasteur »; annexe", "Société \"Œuvre\"", "Hôtel de ville"], clients.Select(c => c.Name));
        Assert.Equal("2 rue de l'Église\r\nBâtiment B", clients[0].Address);
        Assert.Equal("ville.example", clients[2].EmailDomain);
    }

    [Theory]
    [InlineData("", "line 1: le fichier est vide")]
    [InlineData("name;address\nLycée;1 rue A\n", "line 1: l'en-tête doit nommer erp_id")]
    public async Task An_empty_file_or_a_missing_column_is_refused(string content, string reason)
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(file, content);

        var result = await Run("import-clients", file);

        Assert.Equal(1, result.Code);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public async Task An_export_imports_unchanged_and_writes_no_formula()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name;phone", "C1;=HYPERLINK(\"http://x\");+33 1 02", "C2;\"Deux\r\nlignes; et un point-virgule\";"]);
        await Run("import-clients", file);
        var exported = Path.Combine(_folder, "export.csv");

        var export = await Run("export-clients", exported);
        var again = await Run("import-clients", exported);

        Assert.Equal(0, export.Code);
        Assert.Equal("0 clients created, 0 updated, 2 unchanged, 0 rejected.", again.Output.Trim());
        var text = await File.ReadAllTextAsync(exported);
        Assert.DoesNotContain(";=HYPERLINK", text);
        Assert.Contains("'=HYPERLINK", text);
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync(exported))[..3]);
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
        Assert.Contains("au moins un administrateur", lastAdmin.Error);
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
    public async Task A_50_MB_file_is_read_and_checked_whole()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "big.csv");
        await using (var writer = new StreamWriter(file, false, new System.Text.UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("erp_id;name;address;phone;email_domain");
            for (var i = 0; writer.BaseStream.Length < 50 * 1024 * 1024; i++)
                await writer.WriteLineAsync($"E{i};\"Établissement n° {i}; « test »\";{i} avenue de la République, 69000 Lyon;04 72 {i % 100:00} {i % 97:00} 00;client{i}.example");
        }

        var dry = await Run("import-clients", file, "--dry-run");

        Assert.Equal(0, dry.Code);
        Assert.Matches(@"^\d{6} clients would be created, 0 would be updated, 0 unchanged, 0 rejected\.$", dry.Output.Trim().Split('\n')[^1]);
        await using var db = Open();
        Assert.Equal(0, await db.Clients.CountAsync());
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
