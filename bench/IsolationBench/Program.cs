using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

// Does the gateway at its full opening rate slow the analysts down? The backoffice's ticket list and a ticket's page,
// p50 and p95 over HTTP, first alone, then while 16 clients open tickets through the gateway as fast as it answers,
// both hosts as their own processes (as built in Release beside this bench) on one database.
// Usage: [--tickets N] (demo tickets seeded first, default 20,000) [--requests N] [--postgres CONNECTION] (an empty database)
var requests = Arg("--requests", 200);
var tickets = Arg("--tickets", 20_000);
var postgres = Array.IndexOf(args, "--postgres") is var p and >= 0 && p + 1 < args.Length ? args[p + 1] : null;
// The hosts as built in the same configuration as this bench.
var configuration = AppContext.BaseDirectory.Contains("/Debug/") ? "Debug" : "Release";
var repository = Repository();
var folder = Directory.CreateTempSubdirectory("sav-isolation-").FullName;
var environment = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development",
    ["Database__Provider"] = postgres is null ? "Sqlite" : "Postgres",
    ["ConnectionStrings__Sav"] = postgres ?? $"Data Source={Path.Combine(folder, "sav.db")}",
    ["Sav__ContextSecret"] = "isolation-bench-secret-0123456789", ["Gateway__ApiKeys__0"] = "isolation-bench-key-0123456789",
    ["Gateway__RateLimit__PerAddressPerMinute"] = "1000000000", ["Mail__PickupFolder"] = Path.Combine(folder, "pickup"),
    ["Documents__Folder"] = Path.Combine(folder, "documents"), ["Mailbox__Folder"] = Path.Combine(folder, "mailbox"),
    ["Mailbox__QuarantineFolder"] = Path.Combine(folder, "quarantine"), ["Logging__LogLevel__Default"] = "Warning",
};
var processes = new List<Process>();
try
{
    using (var seed = Start("Sav.Backoffice", "seed-demo", "--tickets", tickets.ToString())) await seed.WaitForExitAsync();
    var backoffice = new Uri($"http://127.0.0.1:{FreePort()}");
    var gateway = new Uri($"http://127.0.0.1:{FreePort()}");
    processes.Add(Start("Sav.Backoffice", "--urls", backoffice.ToString()));
    processes.Add(Start("Sav.Gateway", "--urls", gateway.ToString()));
    await ReadyAsync(new Uri(backoffice, "/dev/signin"));
    await ReadyAsync(new Uri(gateway, "/health"));

    using var analyst = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = backoffice };
    var form = await analyst.GetStringAsync("/dev/signin?returnUrl=%2F");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using (var signedIn = await analyst.PostAsync("/dev/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["__RequestVerificationToken"] = token, ["email"] = "analyste@sav.local", ["returnUrl"] = "/" })))
        if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("sign-in failed");
    var code = Regex.Match(await analyst.GetStringAsync("/"), "href=\"/?tickets/([A-Z0-9]{4,8})\"").Groups[1].Value;
    if (code.Length == 0) throw new InvalidOperationException("no ticket on the list");
    string[] pages = ["/", $"/tickets/{code}"];

    Console.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}, {tickets:N0} demo tickets, {requests} requests a page, {Environment.ProcessorCount} cores");
    await MeasureAsync("alone", null);
    using var stop = new CancellationTokenSource();
    var (opened, failed) = (0, 0);
    var failure = "";
    using var forms = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = gateway };
    var load = Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var response = await forms.PostAsync("/api/forms/open", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["API_KEY"] = environment["Gateway__ApiKeys__0"], ["EMAIL"] = $"client{client}.{n}@bench.example", ["NAME"] = $"Client {client}",
                ["SUBJECT"] = $"Écran {n} ne s'allume plus", ["DESCRIPTION"] = "Le voyant reste orange.", ["CUSTOMER"] = "Collège Pasteur", ["PRODUCT_FAMILY"] = "Écrans tactiles",
            }));
            if (response.IsSuccessStatusCode) Interlocked.Increment(ref opened);
            else if (Interlocked.Increment(ref failed) == 1) failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
    })).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(5));
    var watch = Stopwatch.StartNew();
    var before = opened;
    await MeasureAsync("with the gateway at its full rate", () => $"{(opened - before) / watch.Elapsed.TotalSeconds:0} openings/s meanwhile");
    stop.Cancel();
    await Task.WhenAll(load);
    if (failed > 0) Console.WriteLine($"{failed} openings refused, the first: {failure}");

    async Task MeasureAsync(string label, Func<string>? meanwhile)
    {
        foreach (var path in pages)
        {
            var times = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var one = Stopwatch.StartNew();
                using var response = await analyst.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {response.StatusCode}");
                times.Add(one.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{label,-36} {(path == "/" ? "ticket list" : "ticket page"),-12} p50 {times[times.Count / 2],7:0.0} ms  p95 {times[(int)(times.Count * 0.95)],7:0.0} ms" +
                (meanwhile is null ? "" : "  " + meanwhile()));
        }
    }
}
finally
{
    foreach (var process in processes.Where(p => !p.HasExited)) process.Kill(entireProcessTree: true);
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

Process Start(string host, params string[] arguments)
{
    var directory = Path.Combine(repository, host, "bin", configuration, "net10.0");
    var start = new ProcessStartInfo(Path.Combine(directory, host), arguments)
        { WorkingDirectory = Path.Combine(repository, host), RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (name, value) in environment) start.Environment[name] = value;
    var process = Process.Start(start) ?? throw new InvalidOperationException($"{host} did not start");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"{host}: {e.Data}"); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task ReadyAsync(Uri address)
{
    using var http = new HttpClient();
    for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(1); await Task.Delay(200))
    {
        try { if ((await http.GetAsync(address)).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
    }
    throw new InvalidOperationException($"{address} did not answer.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string Repository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "Sav.sln"))) return folder.FullName;
    throw new InvalidOperationException("Run the bench from inside the repository (Sav.sln not found above it).");
}

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
