using System.CommandLine;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Domain.Admin;
using Sav.Domain.Analysts;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Backoffice.Cli;

/// <summary>The verbs, their arguments and options, and what each prints.</summary>
public static partial class AdminCli
{
    private static RootCommand Commands(VerbContext cli)
    {
        var root = new RootCommand("Sav's backoffice. Without a verb it starts the web server; with one it runs the verb and exits. " +
            "Settings as --Key=Value (--ConnectionStrings:Sav=..., --Database:Provider=Postgres).");

        var migrate = new Command("migrate", "Create or upgrade the database (and build the search index of an older one).");
        migrate.SetAction((_, _) => cli.WithDatabaseAsync(async (_, db) =>
        {
            await db.Database.MigrateAsync();
            await ReferenceData.EnsureAsync(db, default, cli.Progress("search index"));
            cli.Output.WriteLine("Database is up to date.");
            return 0;
        }));
        root.Add(migrate);

        var count = new Option<int?>("--tickets") { Description = "Seed N generated tickets over several years (the bulk path), instead of the demo's few." };
        count.Validators.Add(r =>
        {
            if (r.Tokens is [{ Value: var n }] && int.TryParse(n, out var tickets) && tickets < 1) r.AddError("--tickets must be a positive whole number.");
        });
        var seed = new Command("seed-demo", "Fill an empty database with demo data.") { count };
        seed.SetAction((r, _) => cli.WithDatabaseAsync(async (services, db) =>
        {
            await ReferenceData.MigrateAsync(db);
            var clock = services.GetRequiredService<TimeProvider>();
            var seeded = r.GetValue(count) is { } tickets
                ? await BulkDemoData.SeedAsync(db, clock, tickets, cli.Progress("tickets"))
                : await DemoData.SeedAsync(db, clock);
            cli.Output.WriteLine(seeded ? "Demo data seeded." : "The database already holds clients or tickets: nothing seeded.");
            return 0;
        }));
        root.Add(seed);

        var code = new Argument<string>("CODE") { Description = "A ticket's code (look-alike letters accepted)." };
        var context = new Command("context", "Print the signed context customers carry for a ticket.") { code };
        context.SetAction((r, _) => cli.WithDatabaseAsync(async (services, db) =>
        {
            var typed = TicketCode.Candidates(r.GetValue(code)!);
            var found = await db.Tickets.Where(t => typed.Contains(t.Code)).Select(t => t.Code).FirstOrDefaultAsync();
            if (found is null) return cli.Fail($"no ticket {r.GetValue(code)!.Trim()}");
            cli.Output.WriteLine(services.GetRequiredService<TicketContexts>().For(found));
            return 0;
        }));
        root.Add(context);

        var target = new Argument<string>("FILE") { Description = "Where the copy goes (it must not exist)." };
        var backup = new Command("backup", "A consistent copy of the SQLite database while the hosts run.") { target };
        backup.SetAction((r, _) => cli.WithDatabaseAsync(async (_, db) =>
        {
            var file = r.GetValue(target)!;
            if (await Backup.CopyAsync(db, file) is { } refused) return cli.Fail(refused);
            cli.Output.WriteLine($"Database copied to {Path.GetFullPath(file)}. To restore: stop both hosts, put the copy in place of the database file (ConnectionStrings:Sav), start them.");
            return 0;
        }));
        root.Add(backup);

        root.Add(ImportClients(cli));
        root.Add(ExportClients(cli));
        var sync = new Command("sync-clients", "One ERP sync now (Erp:BaseUrl and its settings), with its report.");
        sync.SetAction((_, ct) => cli.WithDatabaseAsync(async (services, _) =>
        {
            if (services.GetService<Sav.Domain.Erp.ErpSync>() is not { } erp) return cli.Fail("no ERP: set Erp:BaseUrl (see appsettings.sample.json)");
            cli.Output.WriteLine($"ERP sync: {await erp.RunAsync(ct)}.");
            return 0;
        }));
        root.Add(sync);
        foreach (var verb in AnalystVerbs(cli)) root.Add(verb);
        return root;
    }

    private static Command ImportClients(VerbContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "The clients' CSV: erp_id;name;address;phone;email_domain (; or ,, UTF-8 or Windows-1252)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would change, write nothing." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the good lines and report the others (by default one bad line imports nothing)." };
        var import = new Command("import-clients", "Create or update clients from a CSV file, keyed on their ERP id.") { file, dryRun, skipInvalid };
        import.SetAction((r, ct) => cli.WithDatabaseAsync(async (services, db) =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path)) return cli.Fail($"no file {path}");
            ClientCsv.Result read;
            await using (var stream = File.OpenRead(path)) read = ClientCsv.Read(stream);
            var report = await ClientImport.RunAsync(db, read, services.GetRequiredService<TimeProvider>(), r.GetValue(dryRun), r.GetValue(skipInvalid),
                read.Rows.Count >= 20_000 ? cli.Progress("clients") : null, ct);
            foreach (var line in report.Rejected) cli.Error.WriteLine($"{path}: line {line.Line}: {line.Reason}");
            var verb = report.Written ? "" : "would be ";
            cli.Output.WriteLine($"{report.Created} clients {verb}created, {report.Updated} {verb}updated, {report.Unchanged} unchanged, {report.Rejected.Count} rejected." +
                (!report.Written && !r.GetValue(dryRun) ? " Nothing written: correct the lines above, or import with --skip-invalid." : ""));
            return report.Rejected.Count > 0 && !r.GetValue(skipInvalid) ? 1 : 0;
        }));
        return import;
    }

    private static Command ExportClients(VerbContext cli)
    {
        var file = new Argument<string?>("FILE") { Description = "Where to write (standard output without it).", Arity = ArgumentArity.ZeroOrOne };
        var export = new Command("export-clients", "Write the clients that have an ERP id in import-clients' format.") { file };
        export.SetAction((r, ct) => cli.WithDatabaseAsync(async (_, db) =>
        {
            var rows = await ClientImport.ExportAsync(db, ct);
            if (r.GetValue(file) is { } path)
            {
                if (File.Exists(path)) return cli.Fail($"{path} exists already: choose another name");
                await using (var writer = new StreamWriter(path, false, new UTF8Encoding(true))) ClientCsv.Write(writer, rows);
                cli.Output.WriteLine($"{rows.Count} clients written to {Path.GetFullPath(path)}.");
            }
            else ClientCsv.Write(cli.Output, rows);
            return 0;
        }));
        return export;
    }

    private static IEnumerable<Command> AnalystVerbs(VerbContext cli)
    {
        var email = new Argument<string>("EMAIL") { Description = "The address the analyst signs in with (Google)." };
        var admin = new Option<bool>("--admin") { Description = "Make the analyst an administrator." };
        var name = new Option<string?>("--name") { Description = "The name shown to the team (the address's first part by default)." };
        var add = new Command("add-analyst", "Let an address sign in, or sign in again (an analyst already there is reactivated).") { email, admin, name };
        add.SetAction((r, ct) => cli.WithDatabaseAsync(async (_, db) =>
        {
            var address = r.GetValue(email)!.Trim().ToLowerInvariant();
            var existing = await db.Analysts.AsNoTracking().FirstOrDefaultAsync(a => a.Email == address, ct);
            var saved = await ReferenceAdmin.SaveAnalystAsync(db, new Analyst
            {
                Id = existing?.Id ?? 0, Email = address, DisplayName = r.GetValue(name) ?? existing?.DisplayName ?? "",
                Role = r.GetValue(admin) ? AnalystRole.Admin : existing?.Role ?? AnalystRole.Analyst, Active = true,
            }, ct);
            cli.Output.WriteLine($"{saved.Email} ({saved.DisplayName}) can sign in as {saved.Role.ToString().ToLowerInvariant()}.");
            return 0;
        }));
        yield return add;

        var gone = new Argument<string>("EMAIL") { Description = "The analyst's address." };
        var deactivate = new Command("deactivate-analyst", "Stop an address from signing in; its tickets and history stay.") { gone };
        deactivate.SetAction((r, ct) => cli.WithDatabaseAsync(async (_, db) =>
        {
            var address = r.GetValue(gone)!.Trim().ToLowerInvariant();
            var analyst = await db.Analysts.AsNoTracking().FirstOrDefaultAsync(a => a.Email == address, ct);
            if (analyst is null) return cli.Fail($"no analyst {address}");
            await ReferenceAdmin.SaveAnalystAsync(db, new Analyst { Id = analyst.Id, Email = analyst.Email, DisplayName = analyst.DisplayName, Role = analyst.Role, Active = false }, ct);
            cli.Output.WriteLine($"{address} can no longer sign in.");
            return 0;
        }));
        yield return deactivate;

        var list = new Command("list-analysts", "The analysts, their role and whether they may sign in.");
        list.SetAction((_, ct) => cli.WithDatabaseAsync(async (_, db) =>
        {
            var analysts = await db.Analysts.AsNoTracking().OrderBy(a => a.Email).ToListAsync(ct);
            foreach (var a in analysts)
                cli.Output.WriteLine($"{a.Email}\t{a.DisplayName}\t{a.Role.ToString().ToLowerInvariant()}\t{(a.Active ? "active" : "inactive")}");
            if (analysts.Count == 0) cli.Error.WriteLine("No analyst yet: add one with add-analyst EMAIL --admin.");
            return 0;
        }));
        yield return list;
    }
}
