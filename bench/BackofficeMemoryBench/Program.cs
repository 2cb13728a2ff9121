using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

// The backoffice's resident memory, alone in its process (the executable built beside this bench, its runtime settings as
// shipped), over a demo database: idle, then with N analysts' pages open (N Blazor circuits, Debian's Chromium), and
// the cost of each. Usage: [--circuits N] [--idle-seconds S] [NAME=value ...] (variables given to the backoffice).
var circuits = Arg("--circuits", 20);
var idleSeconds = Arg("--idle-seconds", 20);
var folder = Directory.CreateTempSubdirectory("sav-backoffice-memory-").FullName;
int port;
using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
var address = $"http://127.0.0.1:{port}";
var environment = new Dictionary<string, string>
{
    // Development for its sign-in page (no Google here); the collector and the runtime are the same as in production.
    ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development", ["ConnectionStrings__Sav"] = $"Data Source={Path.Combine(folder, "sav.db")}",
    ["Mail__PickupFolder"] = Path.Combine(folder, "pickup"), ["Documents__Folder"] = Path.Combine(folder, "documents"),
    ["Logging__LogLevel__Default"] = "Warning",
};
foreach (var pair in args.Where(a => a.Contains('=') && !a.StartsWith("--"))) environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
Process Start(params string[] arguments)
{
    var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Sav.Backoffice"), arguments)
        { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (name, value) in environment) start.Environment[name] = value;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("backoffice: " + e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

Process? backoffice = null;
try
{
    using (var seed = Start("seed-demo")) await seed.WaitForExitAsync();
    backoffice = Start("--urls", address);
    using var http = new HttpClient { BaseAddress = new Uri(address) };
    for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
    {
        try { if ((await http.GetAsync("/dev/signin")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
        if (backoffice.HasExited || waited.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException("The backoffice did not start.");
    }
    await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
    var idle = Resident(backoffice);

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    var context = await browser.NewContextAsync(new() { BaseURL = address, Locale = "fr-FR" });
    var signIn = await context.NewPageAsync();
    await signIn.GotoAsync("/dev/signin");
    await signIn.GetByLabel("Adresse e-mail de l'analyste").FillAsync("analyste@sav.local");
    await signIn.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    await signIn.WaitForURLAsync(url => !url.Contains("/signin"));
    await signIn.CloseAsync();
    var pages = new List<IPage>();
    for (var i = 0; i < circuits; i++)
    {
        var page = await context.NewPageAsync();
        // The ticket list, each page its own circuit, as an analyst keeps it open.
        await page.GotoAsync("/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        pages.Add(page);
    }
    await Task.Delay(TimeSpan.FromSeconds(10));
    var open = Resident(backoffice);
    Console.WriteLine($"backoffice resident memory: idle {idle.Now:0} MB; with {circuits} analysts' pages open {open.Now:0} MB, " +
        $"{(open.Now - idle.Now) / circuits:0.0} MB each; peak {open.Peak:0} MB");
}
finally
{
    // Stopped whatever happened above, not left running after a failed measure.
    if (backoffice is { HasExited: false }) backoffice.Kill(entireProcessTree: true);
    backoffice?.Dispose();
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

static (double Now, double Peak) Resident(Process process)
{
    var status = File.ReadAllLines($"/proc/{process.Id}/status");
    double Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    return (Field("VmRSS"), Field("VmHWM"));
}
