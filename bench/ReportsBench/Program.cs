// The reports and the dashboard over HTTP against the signed-in backoffice, at N tickets on SQLite:
//   dotnet run -c Release --project bench/ReportsBench -- [--tickets N] [--runs R] [--keep FOLDER] [--only delays,volume]
//       [--postgres CONNECTION]   (a PostgreSQL database already seeded, e.g. by bench/SearchBench --postgres: measured as it is)
// Tickets are written with plain SQL inserts (the fast way, not the rules): three years of them, most closed,
// one in twenty reopened once, with their first answer, closing and milestones.
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Sav.Backoffice;
using Sav.Domain.Data;

var tickets = Arg("--tickets", 100_000);
var runs = Arg("--runs", 15);
// --keep FOLDER: the database is seeded there once and kept, and later runs measure it again (a million tickets take minutes to seed).
var kept = Array.IndexOf(args, "--keep") is var k and >= 0 && k + 1 < args.Length ? Path.GetFullPath(args[k + 1]) : null;
var folder = kept ?? Directory.CreateTempSubdirectory("sav-reports-bench-").FullName;
Directory.CreateDirectory(folder);
var postgres = Array.IndexOf(args, "--postgres") is var pg and >= 0 && pg + 1 < args.Length ? args[pg + 1] : null;
var connection = postgres ?? $"Data Source={Path.Combine(folder, "sav.db")}";
try
{
    var watch = Stopwatch.StartNew();
    if (postgres is not null)
    {
        await using var db = new SavDatabase(DatabaseProvider.Postgres, postgres).CreateContext();
        await db.Database.MigrateAsync();
        Console.WriteLine($"measuring {await db.Tickets.CountAsync():N0} tickets on PostgreSQL, as they are");
    }
    else if (kept is not null && File.Exists(Path.Combine(folder, "sav.db")))
        Console.WriteLine($"measuring the database kept in {folder} (its tickets as seeded then)");
    else
    {
        await Seed.WriteAsync(new SavDatabase(DatabaseProvider.Sqlite, connection), tickets);
        Console.WriteLine($"seeded {tickets:N0} tickets in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    await using var factory = new Backoffice(connection, folder);
    factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    factory.StartServer();
    var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    var form = await http.GetStringAsync("/dev/signin?returnUrl=%2F");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var signedIn = await http.PostAsync("/dev/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["__RequestVerificationToken"] = token, ["email"] = DemoData.DevelopmentAnalyst, ["returnUrl"] = "/" }));
    if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("sign-in failed");

    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    var year = $"from={today.AddDays(-364):yyyy-MM-dd}&to={today:yyyy-MM-dd}&by=day";
    string[] reports = ["volume", "delays", "targets", "stock", "products", "clients"];
    // The list of late tickets (its page holds the menu, with its count of them).
    var urls = new List<string> { "/dashboard", "/?filter=Main", "/?filter=Late" };
    urls.AddRange(reports.Select(r => $"/reports?report={r}&{year}"));
    urls.AddRange(reports.Select(r => $"/reports/{r}.csv?{year}"));
    // --only delays,volume: those reports alone (their page and CSV), as when one is being worked on.
    var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1].Split(',') : null;
    if (only is not null) urls.RemoveAll(u => !only.Any(r => u == "/" + r || u.EndsWith("filter=" + r) || u.Contains($"report={r}&") || u.Contains($"/{r}.csv")));
    Console.WriteLine($"{"address",-70} {"median ms",10} {"p95 ms",8} {"bytes",9}");
    foreach (var url in urls)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < runs + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {response.StatusCode}");
            if (i >= 2) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            bytes = body.Length;
        }
        times.Sort();
        Console.WriteLine($"{url,-70} {times[times.Count / 2],10:0.0} {times[(int)Math.Ceiling(0.95 * times.Count) - 1],8:0.0} {bytes,9:N0}");
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (kept is null) Directory.Delete(folder, recursive: true);
}

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

sealed class Backoffice(string connection, string folder) : WebApplicationFactory<BackofficeMarker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", connection.StartsWith("Data Source=", StringComparison.Ordinal) ? "Sqlite" : "Postgres");
        builder.UseSetting("ConnectionStrings:Sav", connection);
        builder.UseSetting("Mail:PickupFolder", Path.Combine(folder, "pickup"));
        builder.UseSetting("Documents:Folder", Path.Combine(folder, "documents"));
    }
}

static class Seed
{
    private static readonly DateTimeOffsetToBinaryConverter Binary = new();

    private static object Provider(DateTimeOffset? at) => at is { } a ? Binary.ConvertToProvider(a)! : DBNull.Value;

    public static async Task WriteAsync(SavDatabase database, int count)
    {
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        await ReferenceData.EnsureAsync(db);
        await DemoData.SeedAsync(db, TimeProvider.System, clients: 2_000, tickets: 10);
        var statuses = await db.Statuses.Select(s => new { s.Id, Closed = s.Category == Sav.Domain.Tickets.StatusCategory.Closed,
            Waits = s.Category == Sav.Domain.Tickets.StatusCategory.WaitingOnCustomer || s.Category == Sav.Domain.Tickets.StatusCategory.WaitingOnThirdParty }).ToListAsync();
        var waiting = statuses.Where(s => s.Waits).Select(s => s.Id).ToHashSet();
        // The demo's response target (a working day to answer, a week to close), kept on each ticket opened under it as
        // Sav keeps it (Sla/SlaPolicy.cs); a waiting ticket paused since its last update.
        var target = await db.SlaTargets.AsNoTracking().SingleAsync();
        var closed = statuses.First(s => s.Closed).Id;
        var open = statuses.Where(s => !s.Closed).Select(s => s.Id).ToArray();
        var families = await db.ProductFamilies.Select(f => f.Id).ToArrayAsync();
        var brands = await db.Brands.Select(b => b.Id).ToArrayAsync();
        var analysts = await db.Analysts.Select(a => a.Id).ToArrayAsync();
        var clients = await db.Clients.Select(c => c.Id).ToArrayAsync();
        string[] warranty = ["Unknown", "Yes", "No"], channel = ["Form", "Email", "Phone", "Backoffice"];

        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var random = new Random(16);
        var now = DateTimeOffset.UtcNow;
        const int batch = 100_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var transaction = connection.BeginTransaction();
            // Disposed with the batch: SQLite runs in multi-thread mode (Data/SqliteRuntime.cs), and a statement finalized
            // by the collector on its own thread while this one uses the connection crashes the process.
            await using var ticket = connection.CreateCommand();
            ticket.CommandText = """
                INSERT INTO "Tickets" ("Code","ClientId","ProductFamilyId","BrandId","AnalystId","Warranty","Subject","StatusId","Channel","Language","CreatedAt","UpdatedAt","FirstAnsweredAt","ClosedAt","Version",
                    "SlaTargetId","AnswerDueAt","CloseDueAt","SlaPausedAt","SlaDueAt")
                VALUES ($code,$client,$family,$brand,$analyst,$warranty,'Écran ne s''allume plus',$status,$channel,'fr',$created,$updated,$answered,$closed,0,
                    $target,$answerdue,$closedue,$paused,$due) RETURNING "Id"
                """;
            var p = new[] { "$code", "$client", "$family", "$brand", "$analyst", "$warranty", "$status", "$channel", "$created", "$updated", "$answered", "$closed",
                    "$target", "$answerdue", "$closedue", "$paused", "$due" }
                .ToDictionary(n => n, n => ticket.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = n }));
            await using var milestone = connection.CreateCommand();
            milestone.CommandText = """INSERT INTO "TicketMilestones" ("TicketId","Kind","At") VALUES ($ticket,$kind,$at)""";
            var (mt, mk, ma) = (milestone.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = "$ticket" }),
                milestone.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = "$kind" }),
                milestone.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = "$at" }));
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var created = now.AddMinutes(-random.NextDouble() * 3 * 365 * 24 * 60);
                var isOpen = (now - created).TotalDays < 30 ? random.Next(3) == 0 : random.Next(100) == 0;
                var answered = random.Next(10) == 0 ? (DateTimeOffset?)null : created.AddMinutes(random.Next(10, 4 * 24 * 60));
                var closedAt = isOpen ? (DateTimeOffset?)null : created.AddMinutes(random.Next(60, 40 * 24 * 60));
                if (closedAt > now) closedAt = now;
                p["$code"].Value = $"B{i:X7}";
                p["$client"].Value = random.Next(5) == 0 ? DBNull.Value : clients[random.Next(clients.Length)];
                p["$family"].Value = families[random.Next(families.Length)];
                p["$brand"].Value = brands[random.Next(brands.Length)];
                p["$analyst"].Value = analysts[random.Next(analysts.Length)];
                p["$warranty"].Value = warranty[random.Next(3)];
                p["$status"].Value = isOpen ? open[random.Next(open.Length)] : closed;
                p["$channel"].Value = channel[random.Next(4)];
                p["$created"].Value = Binary.ConvertToProvider(created);
                p["$updated"].Value = Binary.ConvertToProvider(closedAt ?? answered ?? created);
                p["$answered"].Value = answered is { } a && a < now ? Binary.ConvertToProvider(a) : DBNull.Value;
                p["$closed"].Value = closedAt is { } c ? Binary.ConvertToProvider(c) : DBNull.Value;
                var ticketRow = new Sav.Domain.Tickets.Ticket
                {
                    CreatedAt = created, FirstAnsweredAt = answered is { } fa && fa < now ? fa : null, ClosedAt = closedAt,
                };
                if (target.InForceAt(created))
                {
                    Sav.Domain.Sla.SlaPolicy.Start(ticketRow, Sav.Domain.Sla.SlaPolicy.Dues(target, created, Sav.Domain.Sla.WorkingCalendar.Default));
                    if (isOpen && waiting.Contains((int)p["$status"].Value!)) Sav.Domain.Sla.SlaPolicy.Pause(ticketRow, closedAt ?? answered ?? created);
                }
                p["$target"].Value = (object?)ticketRow.SlaTargetId ?? DBNull.Value;
                p["$answerdue"].Value = Provider(ticketRow.AnswerDueAt);
                p["$closedue"].Value = Provider(ticketRow.CloseDueAt);
                p["$paused"].Value = Provider(ticketRow.SlaPausedAt);
                p["$due"].Value = Provider(ticketRow.SlaDueAt);
                var id = (long)(await ticket.ExecuteScalarAsync())!;
                if (closedAt is not { } at) continue;
                mt.Value = id;
                if (random.Next(20) == 0)
                {
                    var first = created + (at - created) / 3;
                    (mk.Value, ma.Value) = ("Closed", Binary.ConvertToProvider(first)); await milestone.ExecuteNonQueryAsync();
                    (mk.Value, ma.Value) = ("Reopened", Binary.ConvertToProvider(first + (at - first) / 2)); await milestone.ExecuteNonQueryAsync();
                }
                (mk.Value, ma.Value) = ("Closed", Binary.ConvertToProvider(at)); await milestone.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }
}
