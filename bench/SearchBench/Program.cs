// « Recherche », the ticket list and the export over HTTP against the signed-in backoffice, at N tickets on SQLite or
// PostgreSQL:
//   dotnet run -c Release --project bench/SearchBench -- [--tickets N] [--runs R] [--db FILE | --postgres CONNECTION]
// The database is seeded once by the seed-demo verb's bulk path (BulkDemoData) into FILE (outside the repository) and
// reused by later runs; without --db a temporary one is seeded and deleted.
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Backoffice;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

var tickets = Arg("--tickets", 100_000);
var runs = Arg("--runs", 15);
var given = Array.IndexOf(args, "--db") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
var folder = given is null ? Directory.CreateTempSubdirectory("sav-search-bench-").FullName : Path.GetDirectoryName(given)!;
var file = given ?? Path.Combine(folder, "sav.db");
var postgres = Array.IndexOf(args, "--postgres") is var pg and >= 0 && pg + 1 < args.Length ? args[pg + 1] : null;
var connection = postgres ?? $"Data Source={file}";
var provider = postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
try
{
    var database = new SavDatabase(provider, connection);
    await using (var db = database.CreateContext())
    {
        if ((postgres is null && !File.Exists(file)) || !await db.Database.CanConnectAsync() || !(await db.Database.GetAppliedMigrationsAsync()).Any() || !await db.Tickets.AnyAsync())
        {
            await ReferenceData.MigrateAsync(db);
            var watch = Stopwatch.StartNew();
            var lastTenth = -1L;
            await BulkDemoData.SeedAsync(db, TimeProvider.System, tickets, new Progress(p =>
            {
                if (p.Done * 10 / p.Total == lastTenth) return;
                lastTenth = p.Done * 10 / p.Total;
                Console.WriteLine($"  seeding {p.Done:N0} / {p.Total:N0} ({watch.Elapsed.TotalSeconds:0} s)");
            }));
            Console.WriteLine($"seeded {tickets:N0} tickets and the search index in {watch.Elapsed.TotalSeconds:0.0} s");
        }
        else await ReferenceData.MigrateAsync(db);
    }
    string code, email, serial;
    int family, count;
    await using (var db = database.CreateContext())
    {
        count = await db.Tickets.CountAsync();
        var sample = await db.Tickets.OrderBy(t => t.Id).Skip(count / 2).Select(t => new { t.Code, t.Contact!.Email, t.SerialNumber, t.ProductFamilyId }).FirstAsync();
        (code, email, serial, family) = (sample.Code, sample.Email, sample.SerialNumber!, sample.ProductFamilyId!.Value);
    }
    Console.WriteLine(postgres is null ? $"{count:N0} tickets in {file} ({new FileInfo(file).Length / 1024 / 1024:N0} MB)" : $"{count:N0} tickets on PostgreSQL");

    await using var factory = new Backoffice(provider, connection, folder);
    factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    factory.StartServer();
    var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
    var form = await http.GetStringAsync("/dev/signin?returnUrl=%2F");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var signedIn = await http.PostAsync("/dev/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["__RequestVerificationToken"] = token, ["email"] = DemoData.DevelopmentAnalyst, ["returnUrl"] = "/" }));
    if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("sign-in failed");

    (string What, string Url, double Target)[] urls =
    [
        ("open-ticket list, first page", "/", 50),
        ("search: a common word", "/search?q=ecran", 150),
        ("search: a rare word", "/search?q=" + Uri.EscapeDataString(serial), 150),
        ("search: a ticket code", "/search?q=" + code, 150),
        ("search: a customer's e-mail", "/search?q=" + Uri.EscapeDataString(email), 150),
        ("search: three facets", $"/search?group=open&family={family}&warranty=yes", 150),
        ("facet counts, whole base", "/search", 200),
    ];
    Console.WriteLine($"{"what",-32} {"median ms",10} {"p95 ms",8} {"target",7}  address");
    // SAV_BENCH_ONLY=word measures only the lines whose name holds it.
    var only = Environment.GetEnvironmentVariable("SAV_BENCH_ONLY");
    foreach (var (what, url, target) in urls.Where(u => only is null || u.What.Contains(only)))
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {response.StatusCode}");
            if (i >= 2) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"{what,-32} {median,10:0.0} {times[(int)Math.Ceiling(0.95 * times.Count) - 1],8:0.0} {(median < target ? "met" : "NOT met"),7}  {url}");
    }

    // A common word's facet counts: the live page fills them in after its results.
    if (only is null || "common word facets".Contains(only))
    {
        var search = factory.Services.GetRequiredService<Sav.Domain.Search.TicketSearch>();
        var times = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await search.FacetsAsync(new Sav.Domain.Search.SearchRequest { Words = "ecran" }, "fr");
            if (i >= 2) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"{"facets of a common word (after)",-32} {times[times.Count / 2],10:0.0} {times[(int)Math.Ceiling(0.95 * times.Count) - 1],8:0.0} {"",7}  (the domain call)");
    }

    // The export: about 50,000 rows, streamed; the process's memory before and after.
    if (only is null || "export".Contains(only))
    await using (var db = database.CreateContext())
    {
        var since = await db.Tickets.OrderByDescending(t => t.CreatedAt).Skip(Math.Min(50_000, count - 1)).Select(t => t.CreatedAt).FirstAsync();
        var day = DateOnly.FromDateTime(since.UtcDateTime).AddDays(1);
        var url = $"/search/export?created={day:yyyy-MM-dd}..";
        var before = Process.GetCurrentProcess().WorkingSet64;
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var lines = 0L;
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) lines += buffer.AsSpan(0, read).Count((byte)'\n');
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"{"export",-32} {elapsed,10:0.0} {"",8} {(elapsed < 3000 ? "met" : "NOT met"),7}  {url}: {lines - 1:N0} rows; " +
            $"working set {before / 1024 / 1024:N0} MB before, {process.WorkingSet64 / 1024 / 1024:N0} MB after, peak {process.PeakWorkingSet64 / 1024 / 1024:N0} MB");
    }

    // A status change, as the ticket page makes it (the domain call, without the browser).
    var actions = factory.Services.GetRequiredService<TicketActions>();
    var changes = new List<double>();
    await using (var db = database.CreateContext())
    {
        var ids = await db.Tickets.Where(t => t.Status.Category != StatusCategory.Closed).OrderBy(t => t.Id).Select(t => new { t.Id, t.Version }).Take(runs + 2).ToListAsync();
        foreach (var (ticket, i) in ids.Select((t, i) => (t, i)))
        {
            var started = Stopwatch.GetTimestamp();
            await actions.ChangeStatusAsync(ticket.Id, ticket.Version, i % 2 == 0 ? "b20" : "b30", DemoData.DevelopmentAnalyst);
            if (i >= 2) changes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    changes.Sort();
    if (changes.Count > 0)
        Console.WriteLine($"{"status change",-32} {changes[changes.Count / 2],10:0.0} {changes[(int)Math.Ceiling(0.95 * changes.Count) - 1],8:0.0} {(changes[changes.Count / 2] < 30 ? "met" : "NOT met"),7}");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (given is null) Directory.Delete(folder, recursive: true);
}

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

sealed class Progress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
{
    public void Report((long Done, long Total) value) => report(value);
}

sealed class Backoffice(DatabaseProvider provider, string connection, string folder) : WebApplicationFactory<BackofficeMarker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("ConnectionStrings:Sav", connection);
        builder.UseSetting("Mail:PickupFolder", Path.Combine(folder, "pickup"));
        builder.UseSetting("Documents:Folder", Path.Combine(folder, "documents"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
