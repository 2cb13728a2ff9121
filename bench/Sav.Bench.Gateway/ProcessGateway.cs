using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Sav.Domain.Data;

namespace Sav.Bench.Gateway;

/// <summary>The gateway as its own process, started from the executable built beside the bench with its runtime
/// settings as shipped (the garbage collector's among them), so that its memory is measured alone.</summary>
public sealed class ProcessGateway : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-bench-process-").FullName;
    private Process? _process;

    public Uri Address { get; private set; } = null!;

    /// <param name="environment">More variables for the gateway (NAME=value), e.g. DOTNET_GCgen0size=0x400000 to try a setting.</param>
    /// <param name="postgres">An empty PostgreSQL database to run on, rather than a new SQLite file.</param>
    public static async Task<ProcessGateway> StartAsync(IEnumerable<string> environment, string? postgres = null)
    {
        var gateway = new ProcessGateway();
        var connection = postgres ?? $"Data Source={Path.Combine(gateway._folder, "sav.db")}";
        await GatewayServer.PrepareAsync(new SavDatabase(postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres, connection));
        SqliteConnection.ClearAllPools();
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            gateway.Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        }
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Sav.Gateway"), ["--urls", gateway.Address.ToString()])
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ConnectionStrings__Sav"] = connection,
            ["Database__Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["Sav__ContextSecret"] = "bench-context-secret-0123456789", ["Gateway__ApiKeys__0"] = GatewayServer.ApiKey,
            ["Gateway__RateLimit__PerAddressPerMinute"] = "1000000000", ["Mail__PickupFolder"] = Path.Combine(gateway._folder, "pickup"),
            ["Documents__Folder"] = Path.Combine(gateway._folder, "documents"), ["Mailbox__Folder"] = Path.Combine(gateway._folder, "mailbox"),
            ["Mailbox__QuarantineFolder"] = Path.Combine(gateway._folder, "quarantine"), ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var pair in environment) variables[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        foreach (var (name, value) in variables) start.Environment[name] = value;
        gateway._process = Process.Start(start)!;
        gateway._process.OutputDataReceived += (_, _) => { };
        gateway._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = gateway.Address };
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return gateway;
            }
            catch (HttpRequestException) { }
            if (gateway._process.HasExited || waited.Elapsed > TimeSpan.FromMinutes(1))
                throw new InvalidOperationException("The gateway did not answer /health.");
        }
    }

    /// <summary>Resident memory now (VmRSS) and at its highest since start (VmHWM), in MB.</summary>
    public (double Now, double Peak) Resident()
    {
        var status = File.ReadAllLines($"/proc/{_process!.Id}/status");
        double Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        if (_process is not null) await _process.WaitForExitAsync();
        _process?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
