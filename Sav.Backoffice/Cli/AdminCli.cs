using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Domain;
using Sav.Domain.Analysts;
using Sav.Domain.Clients;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Backoffice.Cli;

/// <summary>The admin verbs: given on the command line, they run and exit without the web server.</summary>
public static class AdminCli
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "import-clients", "add-analyst", "context", "backup", "help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

    /// <summary>A progress line: redrawn in place on a terminal, a line each tenth otherwise.</summary>
    private static IProgress<(long Done, long Total)> Progress(TextWriter output, string what)
    {
        var terminal = output == Console.Out && !Console.IsOutputRedirected;
        var lastTenth = -1L;
        return new SyncProgress(p =>
        {
            var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
            var bar = new string('#', (int)(percent / 5)).PadRight(20, '.');
            if (terminal) output.Write($"\r{what}: [{bar}] {p.Done:N0} / {p.Total:N0}{(p.Done >= p.Total ? "\n" : "")}");
            else if (percent / 10 != lastTenth)
            {
                lastTenth = percent / 10;
                output.WriteLine($"{what}: {p.Done:N0} / {p.Total:N0}");
            }
        });
    }

    /// <summary>Reports at once, on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var verb = args[0];
        var rest = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal) || a == "--admin").ToArray();
        var builder = Host.CreateApplicationBuilder(args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--admin").ToArray());
        builder.AddSavDomain();
        using var host = builder.Build();
        try
        {
            // The same checks as a host's start: a wrong setting stops the verb with its reason.
            host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SavDbContext>();
            var clock = host.Services.GetRequiredService<TimeProvider>();
            switch (verb)
            {
                case "migrate":
                    await db.Database.MigrateAsync();
                    // A database from before the search index gets it built here, with its progress shown.
                    await ReferenceData.EnsureAsync(db, default, Progress(output, "search index"));
                    output.WriteLine("Database is up to date.");
                    return 0;
                case "seed-demo":
                    await ReferenceData.MigrateAsync(db);
                    var count = Option(args, "--tickets");
                    if (count is not null && (!int.TryParse(count, out var tickets) || tickets < 1))
                        return Fail(error, "usage: seed-demo [--tickets N] (N a positive whole number)");
                    var seeded = count is null
                        ? await DemoData.SeedAsync(db, clock)
                        : await BulkDemoData.SeedAsync(db, clock, int.Parse(count), Progress(output, "tickets"));
                    output.WriteLine(seeded ? "Demo data seeded." : "The database already holds clients or tickets: nothing seeded.");
                    return 0;
                case "backup":
                    if (rest.Length != 1)
                    {
                        error.WriteLine("usage: backup FILE   (a consistent copy of the SQLite database, the hosts may keep running)");
                        return 2;
                    }
                    if (await Backup.CopyAsync(db, rest[0]) is { } refused) return Fail(error, refused);
                    output.WriteLine($"Database copied to {Path.GetFullPath(rest[0])}. To restore: stop both hosts, put the copy in place of the database file (ConnectionStrings:Sav), start them.");
                    return 0;
                case "context":
                    if (rest.Length != 1) return Fail(error, "usage: context CODE");
                    var typed = TicketCode.Candidates(rest[0]);
                    var code = await db.Tickets.Where(t => typed.Contains(t.Code)).Select(t => t.Code).FirstOrDefaultAsync();
                    if (code is null) return Fail(error, $"no ticket {rest[0].Trim()}");
                    output.WriteLine(host.Services.GetRequiredService<TicketContexts>().For(code));
                    return 0;
                case "add-analyst":
                    if (rest.Length is < 1 or > 2) return Fail(error, "usage: add-analyst EMAIL [--admin]");
                    return await AddAnalystAsync(db, rest[0], rest.Contains("--admin"), output, error);
                case "import-clients":
                    if (rest.Length != 1) return Fail(error, "usage: import-clients FILE.csv");
                    return await ImportClientsAsync(db, rest[0], clock, output, error);
                default:
                    output.WriteLine("verbs: migrate | seed-demo [--tickets N] | backup FILE | import-clients FILE.csv | add-analyst EMAIL [--admin] | context CODE");
                    return 0;
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or IOException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            return Fail(error, $"{verb} failed: {e.GetBaseException().Message}");
        }
    }

    private static int Fail(TextWriter error, string reason)
    {
        error.WriteLine(reason);
        return 1;
    }

    private static async Task<int> AddAnalystAsync(SavDbContext db, string email, bool admin, TextWriter output, TextWriter error)
    {
        email = email.Trim().ToLowerInvariant();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) return Fail(error, $"not an e-mail address: {email}");
        var analyst = await db.Analysts.FirstOrDefaultAsync(a => a.Email == email);
        if (analyst is null)
        {
            analyst = new Analyst { Email = email, DisplayName = email.Split('@')[0] };
            db.Analysts.Add(analyst);
        }
        analyst.Active = true;
        analyst.Role = admin ? AnalystRole.Admin : analyst.Role;
        await db.SaveChangesAsync();
        output.WriteLine($"{email} can sign in as {analyst.Role.ToString().ToLowerInvariant()}.");
        return 0;
    }

    private static async Task<int> ImportClientsAsync(SavDbContext db, string path, TimeProvider clock, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path)) return Fail(error, $"no file {path}");
        var result = ClientCsv.Parse(await File.ReadAllLinesAsync(path));
        if (result.Errors.Count > 0) return Fail(error, $"{path}: {result.Errors[0]}");
        var byErp = await db.Clients.Where(c => c.ErpId != null).ToDictionaryAsync(c => c.ErpId!);
        int created = 0, updated = 0;
        foreach (var row in result.Rows)
        {
            if (!byErp.TryGetValue(row.ErpId, out var client))
            {
                client = new Client { ErpId = row.ErpId, CreatedAt = clock.GetUtcNow() };
                db.Clients.Add(client);
                byErp[row.ErpId] = client;
                created++;
            }
            else updated++;
            client.Name = row.Name;
            client.Address = row.Address;
            client.Phone = row.Phone;
            client.EmailDomain = row.EmailDomain;
        }
        await db.SaveChangesAsync();
        output.WriteLine($"{created} clients created, {updated} updated.");
        return 0;
    }
}
