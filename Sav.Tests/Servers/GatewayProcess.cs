using System.Diagnostics;
using System.Net;
using Sav.Tests.Gateway;

namespace Sav.Tests.Servers;

/// <summary>The gateway as a process of its own (the build beside the tests), on a free loopback port, to be killed as
/// a machine or an operator would kill it.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;

    public Uri Address { get; }

    /// <summary>What it wrote (its log), line by line.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; private init; } = new();

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Starts the gateway with <paramref name="settings"/> (as environment variables) and waits until it answers.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sav.Gateway.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["DOTNET_ENVIRONMENT"] = start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings) start.Environment[name.Replace(":", "__")] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway did not start.");
        // Read what it writes, so that a full pipe never stops it.
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lines.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lines.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}")) { Lines = lines };
        using var client = new HttpClient { BaseAddress = gateway.Address };
        for (var waited = 0; ; waited += 100)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                throw new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{string.Join("\n", lines.TakeLast(30))}");
            }
            try
            {
                if ((await client.GetAsync("/health")).StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable) return gateway;
            }
            catch (HttpRequestException) when (waited < 60_000)
            {
            }
            await Task.Delay(100);
        }
    }

    public HttpClient Client() => new() { BaseAddress = Address };

    /// <summary>A gateway on <paramref name="database"/>, its files in <paramref name="folder"/>, its jobs idle.</summary>
    public static Dictionary<string, string> Settings(PostgresServer server, PostgresTestDatabase database, string folder) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Sav"] = server.ConnectionString(database.Name),
        ["Sav:ContextSecret"] = Support.TestServices.Secret,
        ["Gateway:ApiKeys:0"] = GatewayHost.ApiKey,
        ["Gateway:Journal:Folder"] = Path.Combine(folder, "journal"),
        ["Gateway:Journal:ReplayEvery"] = "00:00:00.200",
        ["Mail:PickupFolder"] = Path.Combine(folder, "pickup"),
        ["Documents:Folder"] = Path.Combine(folder, "documents"),
        ["Mailbox:Folder"] = Path.Combine(folder, "mailbox"),
        ["Mailbox:QuarantineFolder"] = Path.Combine(folder, "quarantine"),
        ["Jobs:OutboxEvery"] = "01:00:00",
        ["Jobs:SweepEvery"] = "01:00:00",
        ["Jobs:Cluster"] = database.Name,
    };

    /// <summary>SIGKILL: no shutdown, nothing flushed that was not already.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
